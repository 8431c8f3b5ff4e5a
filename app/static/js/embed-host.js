// pd-screener, for the partner's page: makes the screener's frame as tall as its content; and when the browser
// refuses to show the screener on this site (the site is not on the screener's list), shows the link that opens
// it in a new tab in place of the frame.
// Use: <script src="https://SCREENER/static/js/embed-host.js" data-pd-frame="pd-screener" async></script>
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var appOrigin = new URL(script.src, window.location.href).origin;
  var frameId = script.getAttribute("data-pd-frame") || "pd-screener";
  var MIN_HEIGHT = 300;
  var MAX_HEIGHT = 30000;
  // How long the frame's page has, once the frame has loaded, to say hello (its first height message). A refused
  // frame loads the browser's error page at once and never says it; a shown one says it as it loads.
  var HELLO_WAIT = 3000;
  var waiting = null;

  function frame() { return document.getElementById(frameId); }

  // The link under the frame in the snippet; an older snippet has none, so one is made from the frame's title.
  function fallbackLink(iframe) {
    var existing = document.getElementById(frameId + "-link");
    if (existing) return existing;
    var p = document.createElement("p");
    p.id = frameId + "-link";
    var a = document.createElement("a");
    a.href = iframe.src;
    a.target = "_blank";
    a.rel = "noopener noreferrer";
    a.textContent = iframe.title || iframe.src;
    p.appendChild(a);
    iframe.parentNode.insertBefore(p, iframe.nextSibling);
    return p;
  }

  function refused() {
    var iframe = frame();
    if (!iframe) return;
    fallbackLink(iframe);
    iframe.setAttribute("data-pd-refused", "");
    iframe.style.display = "none";
  }

  function saidHello(iframe) {
    clearTimeout(waiting);
    waiting = null;
    if (iframe.hasAttribute("data-pd-refused")) {  // a page slower than the wait: show it after all
      iframe.removeAttribute("data-pd-refused");
      iframe.style.display = "";
    }
  }

  function awaitHello() {
    clearTimeout(waiting);
    waiting = setTimeout(refused, HELLO_WAIT);
  }

  window.addEventListener("message", function (event) {
    var iframe = frame();
    // Only the screener's own origin, and only from this frame, may resize it.
    if (!iframe || event.origin !== appOrigin || event.source !== iframe.contentWindow) return;
    var data = event.data;
    if (!data || data.type !== "pd-screener:height") return;
    saidHello(iframe);
    var height = Math.round(Number(data.height));
    if (!isFinite(height)) return;
    iframe.setAttribute("height", String(Math.max(MIN_HEIGHT, Math.min(MAX_HEIGHT, height))));
    if (data.newPage && iframe.getBoundingClientRect().top < 0) iframe.scrollIntoView();
  });

  // Ask for the height (the page answers this site directly), in case its first message came before this script ran.
  function ping() {
    var iframe = frame();
    if (iframe && iframe.contentWindow) iframe.contentWindow.postMessage({ type: "pd-screener:ping" }, appOrigin);
  }
  function start() {
    var iframe = frame();
    if (!iframe) return;
    // Each page the frame loads says hello: the wait starts at the frame's own load, never before, so a frame still
    // loading on a slow phone, or not loaded yet because it is lazy and out of view, is never taken for refused.
    iframe.addEventListener("load", function () { ping(); awaitHello(); });
    ping();
    // A document of another origin is already in the frame (the screener's page or the browser's refusal): its load
    // may have come before this script, so wait for its hello now.
    if (iframe.contentDocument === null) awaitHello();
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
