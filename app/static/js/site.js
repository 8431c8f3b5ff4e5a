// pd-screener: progressive enhancement only. Quick exit, and focus/announce after htmx swaps.
(function () {
  "use strict";
  var body = document.body;
  var exitUrl = body.getAttribute("data-quick-exit") || "https://www.weather.gov/";

  function quickExit(event) {
    if (event) event.preventDefault();
    document.title = "";
    // Replace, so Back does not return here; leave the top page too when framed.
    try { window.top.location.replace(exitUrl); } catch (e) { window.location.replace(exitUrl); }
  }

  var link = document.getElementById("quick-exit");
  if (link) link.addEventListener("click", quickExit);

  var shiftTimes = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) return;
    var now = Date.now();
    shiftTimes = shiftTimes.filter(function (t) { return now - t < 1500; });
    shiftTimes.push(now);
    if (shiftTimes.length >= 3) quickExit();
  });

  // After htmx swaps #main: move focus to the new heading (or the error summary) and announce it.
  document.addEventListener("htmx:afterSettle", function (event) {
    var main = document.getElementById("main");
    if (!main || event.detail.target !== main) return;
    var target = main.querySelector("[data-focus]") || main.querySelector("h1");
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
    window.scrollTo(0, 0);
    var announcer = document.getElementById("announcer");
    if (announcer) {
      announcer.textContent = "";
      window.setTimeout(function () { announcer.textContent = document.title; }, 50);
    }
  });
})();

// A full page load with a validation error: move focus to the error summary, as after a swap.
(function () {
  var summary = document.querySelector("#main [data-focus]");
  if (summary) summary.focus();
})();
