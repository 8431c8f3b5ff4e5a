// pd-screener: "Listen" reads the page's main text aloud with the browser's own speech synthesis. Nothing is
// sent anywhere. The button stays hidden unless the browser can speak and has a voice for the page's language;
// it reads what its `data-listen` selectors find in the current #main, so it works after every htmx swap.
(function () {
  "use strict";
  var synth = window.speechSynthesis;
  if (!synth || typeof window.SpeechSynthesisUtterance !== "function") return;

  // For Spanish, US and Latin-American voices first (people here mostly speak those), then any Spanish voice.
  var PREFERRED = { es: ["es-us", "es-mx", "es-419"], en: ["en-us"] };

  function tag(voice) { return String(voice.lang || "").replace("_", "-").toLowerCase(); }

  function voiceFor(lang) {
    var base = lang.split("-")[0].toLowerCase();
    var voices = Array.prototype.slice.call(synth.getVoices() || []);
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
