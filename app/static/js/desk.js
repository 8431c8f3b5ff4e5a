// pd-screener intake-desk mode: a page brought back from the back/forward cache may still hold the last person's
// answers: go to the start instead. ("Start over for the next person" asks first and empties the page: site.js.)
(function () {
  "use strict";
  var control = document.querySelector("[data-start-over]");
  if (!control) return;
  var start = control.getAttribute("data-start") || control.getAttribute("href");
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.querySelector("form input[type=hidden]:not([name^='_'])")) {
      window.location.replace(start);
    }
  });
})();
