"""How long the questionnaire takes: walks worked cases through the real pages and prints, per case, the pages,
taps and words a person meets from the start page's button to the result, and the minutes they come to at slow-reader rates.

Not a timed test: it counts what is on the pages (served in-process) and applies the rates below, so the
start page's "It takes about 5 to 10 minutes" (MINUTES_TO_ANSWER in app/web/pages.py) follows the pages as they are.
Run: .venv/bin/python bench/flow_time.py [en|es]
"""

from __future__ import annotations

import json
import re
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from starlette.testclient import TestClient  # noqa: E402

from app.main import app  # noqa: E402
from app.web.pages import MINUTES_TO_ANSWER  # noqa: E402

CASES = ("long-time resident parent", "entered without inspection in 2022, no record", "two minor convictions: a prior record alone")
# Reading speeds, words a minute. "quick" is calibrated on issue 11's own trial of the old flow (21 pages,
# 42 taps, about six minutes, which this walk counts as 733 words read): 250. "slow" is a careful reader on a
# small phone, often in a second language: 120 (adults average about 240 on paper).
READERS = {"quick": 250, "slow": 120}
SKIM_WPM = 250  # the check page: people scan their own answers
TAP_SECONDS = 2.0  # find a choice, tap it, on a small screen
LOAD_SECONDS = 2.0  # a page over a weak mobile signal
FORM = {"Content-Type": "application/x-www-form-urlencoded"}
WORD = re.compile(r"[^\W\d_]+")


class MainText(HTMLParser):
    """The words of <main> a person reads: not the folded "Why we ask" text, not text only a screen reader gets."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.words = 0
        self.depth = {"main": 0, "details": 0, "summary": 0, "hidden": 0}

    def handle_starttag(self, tag, attrs):
        classes = (dict(attrs).get("class") or "").split()
        for name in ("main", "details", "summary"):
            self.depth[name] += tag == name
        if "visually-hidden" in classes or self.depth["hidden"]:
            self.depth["hidden"] += tag not in ("input", "br")

    def handle_endtag(self, tag):
        for name in ("main", "details", "summary"):
            self.depth[name] -= tag == name
        if self.depth["hidden"]:
            self.depth["hidden"] -= 1

    def handle_data(self, data):
        folded = self.depth["details"] and not self.depth["summary"]
        if self.depth["main"] and not folded and not self.depth["hidden"]:
            self.words += len(WORD.findall(data))


def words_on(html: str) -> int:
    parser = MainText()
    parser.feed(html)
    return parser.words


def walk(client: TestClient, lang: str, answers: dict) -> dict:
    """Post page after page as a person would; count pages, taps and words up to the result."""
    pairs = lambda d: [(k, v) for k, vs in d.items() for v in ([vs] if isinstance(vs, str) else vs)]  # noqa: E731
    pages, taps, read, skimmed = 0, 1, 0, 0  # the tap on "Start for myself" (or "for someone else")
    start = {"answering_for": answers.get("answering_for", "self")}  # the start page's button answers it
    response = client.post(f"/{lang}/questions", content=urlencode(pairs(start) + [("_policy", "doyle-2022")]), headers=FORM)
    asked: dict = dict(start)
    while 'class="flow-form"' in response.text:
        pages += 1
        read += words_on(response.text)
        at = re.search(r'name="_at" value="([a-z_0-9]+)"', response.text).group(1)
        names = list(dict.fromkeys(re.findall(r'type="(?:radio|checkbox)" name="([a-z_0-9]+)"', response.text)))
        asked.update({n: answers[n] for n in names})
        taps += sum(1 if isinstance(answers[n], str) else len(answers[n]) for n in names) + 1  # choices, Continue
        body = urlencode(pairs(asked) + [("_at", at), ("_go", "next"), ("_policy", "doyle-2022")])
        response = client.post(f"/{lang}/questions", content=body, headers=FORM)
    assert 'class="check-form"' in response.text, response.text[:500]
    pages += 1
    skimmed += words_on(response.text)
    taps += 1  # "See my result"
    figures: dict = {"pages": pages, "taps": taps, "words read": read, "words skimmed": skimmed}
    for reader, wpm in READERS.items():
        seconds = read / wpm * 60 + skimmed / SKIM_WPM * 60 + taps * TAP_SECONDS + pages * LOAD_SECONDS
        figures[f"minutes ({reader} reader)"] = seconds / 60
    return figures


def main(langs: list[str]) -> None:
    cases = {c["name"]: c for c in json.loads((ROOT / "tests" / "data" / "example-cases.json").read_text("utf-8"))}
    quick, slow = [], []
    with TestClient(app) as client:
        for lang in langs:
            for prefix in CASES:
                name = next(n for n in cases if n.startswith(prefix))
                figures = walk(client, lang, cases[name]["answers"])
                quick.append(figures["minutes (quick reader)"])
                slow.append(figures["minutes (slow reader)"])
                print(f"{lang} {name}: " + ", ".join(f"{k} {v:.1f}" if isinstance(v, float) else f"{k} {v}" for k, v in figures.items()))
    low, high = MINUTES_TO_ANSWER
    print(f"quick readers {min(quick):.1f}-{max(quick):.1f} minutes, slow readers {min(slow):.1f}-{max(slow):.1f}; "
          f"the start page says about {low} to {high}")


if __name__ == "__main__":
    main(sys.argv[1:] or ["en", "es"])
