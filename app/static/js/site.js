// pd-screener: progressive enhancement only. Quick exit, focus and announcements after htmx swaps,
// a history entry per step (a step number, never an answer), a warning before a refresh loses answers,
// nothing left in the browser's storage, and "Listen".
(function () {
  "use strict";
  var body = document.body;
  var exitUrl = body.getAttribute("data-quick-exit") || "https://www.weather.gov/";

  // htmx writes the current path to sessionStorage for its history support, which we do not use.
  function forgetHtmxHistory() {
    try { window.sessionStorage.removeItem("htmx-current-path-for-history"); } catch (e) { /* storage blocked */ }
  }
  forgetHtmxHistory();

  var leavingOnPurpose = false;

  // Empty the page (its forms hold the answers; the printable list's in its language switch) before leaving it, so neither Back
  // nor the back-forward cache can show them again.
  function forgetAnswers() {
    leavingOnPurpose = true;
    var main = document.getElementById("main");
    if (main) main.textContent = "";
    Array.prototype.slice.call(document.forms).forEach(function (form) { form.parentNode.removeChild(form); });
  }

  // Forget the answers, step back over the entries this page load added, and replace the first one with
  // `url`: Back then goes to wherever the person was before this site. `top`: leave the partner page too.
  var leaving = false;
  function leaveFor(url, top) {
    forgetAnswers();
    function go() {
      if (leaving) return;
      leaving = true;
      try { (top ? window.top : window).location.replace(url); } catch (e) { window.location.replace(url); }
    }
    if (!shown) return go();
    window.addEventListener("popstate", go, { once: true });
    window.setTimeout(go, 300);  // should the browser not step back, leave anyway
    window.history.go(-shown);
  }

  function quickExit(event) {
    if (event) event.preventDefault();
    document.title = "";
    leaveFor(exitUrl, true);
  }

  // Delegated: a language switch swaps the header, and its new link must leave the same way.
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("#quick-exit")) quickExit(event);
  });

  var shiftTimes = [];
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Shift" || event.repeat) return;
    var now = Date.now();
    shiftTimes = shiftTimes.filter(function (t) { return now - t < 1500; });
    shiftTimes.push(now);
    if (shiftTimes.length >= 3) quickExit();
  });

  // "Start again" and the desk's "Start over for the next person": on a page that holds answers, ask once (a
  // dialog), then empty the page; "Start again" steps back over this visit's history to the start page, the desk
  // replaces this entry so Back cannot reach the last person's answers. Without JavaScript, /start-over asks.
  function startOver(control) {
    var start = control.getAttribute("data-start") || control.getAttribute("href");
    if (control.hasAttribute("data-start-over")) {
      var main = document.getElementById("main");
      if (main) main.textContent = "";
      Array.prototype.slice.call(document.forms).forEach(function (form) { form.parentNode.removeChild(form); });
      window.location.replace(start);
    } else {
      leaveFor(start, false);
    }
  }
  // The dialog is looked up at each use: a language switch swaps it for its new words.
  var asking = null;
  document.addEventListener("click", function (event) {
    var closest = function (selector) { return event.target.closest && event.target.closest(selector); };
    var dialog = document.getElementById("start-over-dialog");
    var control = closest("[data-start-again], [data-start-over]");
    if (control) {
      event.preventDefault();
      if (!holdsAnswers() || !dialog || !dialog.showModal) return startOver(control);
      asking = control;
      dialog.showModal();
    } else if (dialog && closest("[data-confirm-yes]")) {
      dialog.close();
      if (asking) startOver(asking);
    } else if (dialog && closest("[data-confirm-no]")) {
      dialog.close();
      if (asking) asking.focus();
      asking = null;
    }
  });

  // A refresh or a typed address would lose the answers, which live only in this page: ask first.
  function holdsAnswers() {
    return !!document.querySelector("#main input[type=hidden]:not([name^='_']):not([name=answering_for]), #main input:checked");
  }
  document.addEventListener("click", function () { leavingOnPurpose = false; }, true);
  document.addEventListener("submit", function (event) {
    if (!event.defaultPrevented) leavingOnPurpose = true;  // a plain post of the answers (language switch, PDF) carries them
  });
  window.addEventListener("beforeunload", function (event) {
    if (leavingOnPurpose || !holdsAnswers()) return;
    event.preventDefault();
    event.returnValue = "";
  });

  // A page brought back from the back-forward cache after its answers were forgotten: show the start instead.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && leavingOnPurpose && !document.forms.length) {
      window.location.replace(window.location.pathname.split("/").slice(0, 2).join("/") + "/");
    }
  });

  // Steps in the browser's history. Each new step pushes an entry holding only its number (and this page
  // load's random id); Back and Forward press the page's own Back or Continue button, so the server builds
  // the page from the page's own fields.
  var shown = 0;
  var travelTo = null;
  var visit = String(Math.random()).slice(2);
  var BACK = "[data-step-back], .result-actions button[name=_go][value=check]";
  var NEXT = "[data-step-next]";
  function mark(step) { return { pdsStep: step, pdsVisit: visit }; }
  if (window.history && window.history.replaceState) window.history.replaceState(mark(0), "");

  function travel() {
    var main = document.getElementById("main");
    var button = main && travelTo !== null && travelTo !== shown && main.querySelector(travelTo < shown ? BACK : NEXT);
    if (!button) { travelTo = null; return; }
    button.click();
  }

  window.addEventListener("popstate", function (event) {
    if (!event.state || typeof event.state.pdsStep !== "number") return;
    if (event.state.pdsVisit !== visit) {  // an entry of an earlier load of this page: its answers are gone
      window.history.replaceState(mark(shown), "");
      return;
    }
    travelTo = event.state.pdsStep;
    travel();
  });

  // The page's own Back button walks the same history, so the browser's Back and Forward stay in step
  // (caught before htmx sees the click; the click that travel() makes goes through).
  document.addEventListener("click", function (event) {
    var back = event.target.closest && event.target.closest("[data-step-back]");
    if (!back || travelTo !== null || shown === 0 || !event.isTrusted) return;
    event.preventDefault();
    event.stopPropagation();
    window.history.back();
  }, true);

  function afterStep(event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 200;
    if (travelTo !== null) {
      if (status < 300) shown += travelTo < shown ? -1 : 1;
      if (status < 300 && shown !== travelTo) { travel(); } else { travelTo = null; }
      return;
    }
    if (status >= 300) return;  // the same step again, with its errors
    if (!event.target.querySelector(BACK + ", " + NEXT)) return;  // not a step of the flow (the help pages' search)
    shown += 1;
    window.history.pushState(mark(shown), "");
  }

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
    target.focus({ preventScroll: true });
  }

  // After htmx swaps #main: move focus to the new heading (or the error summary), scroll up, announce the title.
  // After a language switch the header came with the new page (out of band): the document speaks its language now,
  // and its address names it, so a refresh starts in it.
  function followLanguage() {
    var header = document.getElementById("site-header");
    var lang = header && header.getAttribute("data-lang");
    if (!lang || lang === document.documentElement.lang) return;
    document.documentElement.lang = lang;
    var parts = window.location.pathname.split("/");
    if (parts.length > 1) {
      parts[1] = lang;
      window.history.replaceState(window.history.state, "", parts.join("/") + window.location.search);
    }
  }

  document.addEventListener("htmx:afterSettle", function (event) {
    forgetHtmxHistory();
    if (event.target !== document.getElementById("main")) return;  // once per swap, not for the language switch too
    followLanguage();
    afterStep(event);
    focusHeading();
    window.scrollTo(0, 0);
    var announcer = document.getElementById("announcer");
    if (announcer) {
      announcer.textContent = "";
      window.setTimeout(function () { announcer.textContent = document.title; }, 50);
    }
  });

  // A request that got no answer at all (a lost signal, a timeout): htmx has nothing to swap in, so say so in the form
  // whose button was pressed, just above its buttons, and keep the page as it is; the next request clears it.
  function clearConnectionProblems() {
    Array.prototype.slice.call(document.querySelectorAll("[data-connection-problem]")).forEach(function (el) {
      el.parentNode.removeChild(el);
    });
  }
  function showConnectionProblem(event) {
    var notice = document.getElementById("connection-problem");
    var form = event.target && event.target.closest && event.target.closest("form");
    if (!notice || !form) return;
    clearConnectionProblems();
    var copy = notice.cloneNode(true);
    copy.removeAttribute("id");
    copy.setAttribute("data-connection-problem", "");
    copy.hidden = false;
    var actions = form.querySelector(".actions");
    form.insertBefore(copy, actions && actions.parentNode === form ? actions : null);
  }
  document.addEventListener("htmx:sendError", showConnectionProblem);
  document.addEventListener("htmx:timeout", showConnectionProblem);
  document.addEventListener("htmx:beforeRequest", clearConnectionProblems);

  // A full page load with a validation error: focus the error summary, as after a swap.
  if (document.querySelector("#main [data-focus]")) focusHeading();
})();

// "Listen" (issue 14): the browser's own speech synthesis reads the page's main text aloud, with on-device voices
// only; the app sends nothing for it. The button stays hidden unless the device has a voice for the page's language; it reads what its
// `data-listen` selectors find in the current #main, so it works after every htmx swap.
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return;

  // For Spanish, US and Latin-American voices first (people here mostly speak those), then any Spanish voice.
  var PREFERRED = { es: ["es-us", "es-mx", "es-419"], en: ["en-us"] };

  function tag(voice) { return String(voice.lang || "").replace("_", "-").toLowerCase(); }

  function voiceFor(lang) {
    var base = lang.split("-")[0].toLowerCase();
    // Only voices that run on the device: a voice with localService false is spoken by the browser maker's
    // servers (some of Chrome's and Edge's are), and the text read aloud holds what the person answered.
    var voices = Array.prototype.slice.call(synth.getVoices() || []).filter(function (v) { return v.localService === true; });
    var ours = voices.filter(function (v) { var t = tag(v); return t === base || t.indexOf(base + "-") === 0; });
    var preferred = PREFERRED[base] || [];
    for (var i = 0; i < preferred.length; i++) {
      var exact = ours.filter(function (v) { return tag(v) === preferred[i]; })[0];
      if (exact) return exact;
    }
    if (base === "es") {
      var americas = ours.filter(function (v) { return tag(v) !== "es-es"; })[0];
      if (americas) return americas;
    }
    return ours[0] || null;
  }

  function pageLang() { return document.documentElement.getAttribute("lang") || "en"; }

  function buttons() { return Array.prototype.slice.call(document.querySelectorAll("#main [data-listen]")); }

  var speaking = null;  // the button whose text is being read

  function setLabel(button, reading) {
    button.textContent = button.getAttribute(reading ? "data-label-stop" : "data-label-listen");
  }

  function stop() {
    if (speaking) setLabel(speaking, false);
    speaking = null;
    synth.cancel();
  }

  function refresh() {
    var can = !!voiceFor(pageLang());
    buttons().forEach(function (button) { button.hidden = !can; });
  }

  // The text to read: each element the selectors find, in page order, one utterance each (long ones stop early
  // on some devices).
  function parts(button) {
    var main = document.getElementById("main");
    return Array.prototype.slice.call(main.querySelectorAll(button.getAttribute("data-listen")))
      .map(function (el) { return (el.innerText || el.textContent || "").replace(/\s+/g, " ").trim(); })
      .filter(Boolean);
  }

  function read(button) {
    var voice = voiceFor(pageLang());
    var texts = parts(button);
    if (!voice || !texts.length) return;
    synth.cancel();
    speaking = button;
    setLabel(button, true);
    texts.forEach(function (text, i) {
      var utterance = new window.SpeechSynthesisUtterance(text);
      utterance.voice = voice;
      utterance.lang = voice.lang || pageLang();
      if (i === texts.length - 1) {
        utterance.onend = function () { if (speaking === button) { speaking = null; setLabel(button, false); } };
      }
      synth.speak(utterance);
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("#main [data-listen]");
    if (!button) return;
    if (speaking === button) { stop(); } else { read(button); }
  });

  if (synth.addEventListener) { synth.addEventListener("voiceschanged", refresh); } else { synth.onvoiceschanged = refresh; }
  document.addEventListener("htmx:beforeSwap", stop);
  document.addEventListener("htmx:afterSettle", refresh);
  window.addEventListener("pagehide", stop);
  refresh();
})();
