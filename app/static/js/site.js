// pd-screener: progressive enhancement only. Quick exit, focus and announcements after htmx swaps,
// and nothing left in the browser's storage.
(function () {
  "use strict";
  var body = document.body;
  var exitUrl = body.getAttribute("data-quick-exit") || "https://www.weather.gov/";

  // htmx writes the current path to sessionStorage for its history support, which we do not use.
  function forgetHtmxHistory() {
    try { window.sessionStorage.removeItem("htmx-current-path-for-history"); } catch (e) { /* storage blocked */ }
  }
  forgetHtmxHistory();

  function quickExit(event) {
    if (event) event.preventDefault();
    document.title = "";
    var main = document.getElementById("main");
    if (main) main.textContent = "";
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

  // The error summary's link names a field: focus that field, not only scroll to it (GOV.UK pattern).
  document.addEventListener("click", function (event) {
    var a = event.target.closest && event.target.closest(".error-summary a[href^='#']");
    if (!a) return;
    var input = document.getElementById(a.getAttribute("href").slice(1));
    if (!input) return;
    event.preventDefault();
    var legend = input.closest("fieldset") && input.closest("fieldset").querySelector("legend");
    (legend || input).scrollIntoView();
    input.focus({ preventScroll: true });
  });

  function focusHeading() {
    var main = document.getElementById("main");
    if (!main) return;
    var target = main.querySelector("[data-focus]") || main.querySelector("h1");
    if (!target) return;
    if (!target.hasAttribute("tabindex")) target.setAttribute("tabindex", "-1");
    target.focus();
  }

  // After htmx swaps #main: move focus to the new heading (or the error summary), scroll up, announce the title.
  document.addEventListener("htmx:afterSettle", function (event) {
    forgetHtmxHistory();
    if (event.detail.target !== document.getElementById("main")) return;
    focusHeading();
    window.scrollTo(0, 0);
    var announcer = document.getElementById("announcer");
    if (announcer) {
      announcer.textContent = "";
      window.setTimeout(function () { announcer.textContent = document.title; }, 50);
    }
  });

  // A full page load with a validation error: focus the error summary, as after a swap.
  if (document.querySelector("#main [data-focus]")) focusHeading();
})();
