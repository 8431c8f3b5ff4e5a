// pd-screener intake-desk mode: "Start over for the next person" leaves nothing behind in the tab's history.
(function () {
  "use strict";
  var button = document.querySelector("[data-start-over]");
  if (!button) return;
  var start = button.getAttribute("href");

  button.addEventListener("click", function (event) {
    event.preventDefault();
    // Empty the page first (its forms hold the answers; the printable list's in its language switch), then replace this history
    // entry so Back cannot reach the last person's answers.
    var main = document.getElementById("main");
    if (main) main.textContent = "";
    Array.prototype.slice.call(document.forms).forEach(function (form) { form.parentNode.removeChild(form); });
    window.location.replace(start);
  });

  // A page brought back from the back/forward cache may still hold answers: go to the start instead.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.querySelector("form input[type=hidden]:not([name^='_'])")) {
      window.location.replace(start);
    }
  });
})();
