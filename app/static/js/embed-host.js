// pd-screener, for the partner's page: makes the screener's frame as tall as its content.
// Use: <script src="https://SCREENER/static/js/embed-host.js" data-pd-frame="pd-screener" async></script>
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var appOrigin = new URL(script.src, window.location.href).origin;
  var frameId = script.getAttribute("data-pd-frame") || "pd-screener";
  var MIN_HEIGHT = 300;
  var MAX_HEIGHT = 30000;

  function frame() { return document.getElementById(frameId); }

  window.addEventListener("message", function (event) {
    var iframe = frame();
    // Only the screener's own origin, and only from this frame, may resize it.
    if (!iframe || event.origin !== appOrigin || event.source !== iframe.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== "pd-screener:height") return;
    var height = Math.round(Number(data.height));
    if (!isFinite(height)) return;
    iframe.setAttribute("height", String(Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, height))));
    if (data.newPage && iframe.getBoundingClientRect().top < 0) iframe.scrollIntoView();
  });

  // Ask for the height in case the frame's first message came before this script ran.
  function ping() {
    var iframe = frame();
    if (iframe && iframe.contentWindow) iframe.contentWindow.postMessage({ type: "pd-screener:ping" }, appOrigin);
  }
  function start() {
    var iframe = frame();
    if (!iframe) return;
    iframe.addEventListener("load", ping);
    ping();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
