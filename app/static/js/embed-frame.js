// pd-screener inside a partner's frame: tell the host page how tall this page is, and only tell allowed sites.
(function () {
  "use strict";
  if (window.parent === window) return;

  var meta = document.querySelector('meta[name="pd-embed-origins"]');
  var allowed = [window.location.origin].concat(((meta && meta.content) || "").split(/\s+/).filter(Boolean));

  // "https://*.example.org" allows any subdomain of example.org, with the same scheme and port.
  function allows(pattern, origin) {
    if (pattern === origin) return true;
    var star = pattern.indexOf("://*.");
    if (star === -1) return false;
    var scheme = pattern.slice(0, star + 3);
    var rest = pattern.slice(star + 4); // ".example.org[:port]"
    if (origin.indexOf(scheme) !== 0) return false;
    var host = origin.slice(scheme.length);
    return host.length > rest.length && host.slice(-rest.length) === rest && host.slice(0, -rest.length).indexOf("/") === -1;
  }

  function isAllowed(origin) {
    for (var i = 0; i < allowed.length; i++) if (allows(allowed[i], origin)) return true;
    return false;
  }

  // Where to post: the parent's origin when the browser tells us (and it is allowed), else each exact allowed
  // origin; the browser drops a message whose target origin is not the parent's, so nothing leaks elsewhere.
  function targets() {
    var ancestors = window.location.ancestorOrigins;
    if (ancestors && ancestors.length) return isAllowed(ancestors[0]) ? [ancestors[0]] : [];
    return allowed.filter(function (o) { return o.indexOf("*") === -1; });
  }

  function height() {
    return Math.ceil(document.documentElement.getBoundingClientRect().height);
  }

  var last = -1;
  function post(newPage, to) {
    var h = height();
    if (h === last && !newPage) return;
    last = h;
    var message = { type: "pd-screener:height", height: h, newPage: !!newPage };
    (to ? [to] : targets()).forEach(function (origin) { window.parent.postMessage(message, origin); });
  }

  // The host page's ping: answered to the origin that sent it (allowed, and the parent's), so the host hears this
  // page say hello in every browser, with a "*." pattern too, where targets() has no exact origin to write to.
  window.addEventListener("message", function (event) {
    if (event.source !== window.parent || !isAllowed(event.origin)) return;
    if (event.data && event.data.type === "pd-screener:ping") { last = -1; post(false, event.origin); }
  });

  if (typeof ResizeObserver === "function") {
    new ResizeObserver(function () { post(false); }).observe(document.documentElement);
  } else {
    window.addEventListener("resize", function () { post(false); });
  }
  // A new question swapped in by htmx is a new page for the person: the host scrolls the frame into view.
  document.addEventListener("htmx:afterSettle", function () { post(true); });
  window.addEventListener("load", function () { post(true); });
  post(true);
})();
