"""Every page and htmx swap the app sends for the worked cases, recorded, and two recordings compared byte for byte.

    .venv/bin/python bench/record_pages.py record OUT.jsonl.xz [--only TEXT]
    .venv/bin/python bench/record_pages.py compare OLD.jsonl.xz NEW.jsonl.xz [--show 3] [--only TEXT]

A change that should not move a byte (a refactor of how pages are drawn) is recorded before and after and compared:
`compare` counts the responses that are the same, lists the ones that differ by kind of page with their sizes before
and after, and shows a few differences as a diff. Not a test: the suite's own guards are tests/test_shared_pages.py.

The requests are made from the data alone (tests/data/example-cases.json, the packs' flows), never read from the
pages, so two recordings of different page markup still ask the same questions in the same order. For each
language, visit kind (plain, desk, partner, partner and desk) and pack, and each worked case: the start form's post,
every question page of the walk (continue, continue with nothing chosen, stay as a language switch does, back), the
check page, each "Change" from it and the continue after it, back from the check page, the result, the resume code
from the check page and the result, coming back with that code, the personal checklist; the pages that show nothing
of a person (start, first question, safety, discretion, help, checklist, embed); and the error pages (404, 413, 422
for a bad answer and an unreadable form, a refused resume code, a refused ZIP code). Every one whole and as an htmx
swap of #main. Then the JSON API for every case, pack and language. A second deployment (a host organization and
local providers from examples/) repeats the plain visit.
"""

from __future__ import annotations

import argparse
import difflib
import json
import lzma
import re
import subprocess
import sys
import tempfile
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

LANGUAGES = ("en", "es")
TODAY = date(2026, 11, 23)
HTMX = {"HX-Request": "true", "HX-Target": "main"}
FORM = "application/x-www-form-urlencoded"
RESPONSE_HEADERS = ("content-type", "content-language", "cache-control", "vary", "content-security-policy")
# Visit kinds: the options as a link's query and as a posted form's fields.
VISITS = {
    "plain": {},
    "desk": {"desk": "1"},
    "partner": {"partner": "casa-prueba"},
    "partner-desk": {"partner": "casa-prueba", "desk": "1"},
}
LINK_PAGES = ("", "questions", "safety", "discretion", "help", "help/checklist", "embed")
CODE = re.compile(r'id="resume-code"[^>]*>(.*?)</p>', re.S)


@dataclass(frozen=True)
class Ask:
    """One request: `key` names it the same in every recording; `kind` groups it in a comparison."""

    key: str
    kind: str
    method: str
    path: str
    pairs: tuple[tuple[str, str], ...] = ()
    raw: bytes | None = None  # a body sent as it is (an unreadable form, an oversized one, JSON)
    content_type: str = FORM
    htmx: bool = False

    def body(self) -> bytes:
        return self.raw if self.raw is not None else urlencode(self.pairs).encode()


def pairs_of(answers: dict, **control: str) -> tuple[tuple[str, str], ...]:
    out = [(name, v) for name, value in answers.items() for v in ([value] if isinstance(value, str) else value)]
    return tuple(out + [(f"_{k}", v) for k, v in control.items()])


def both(ask: Ask) -> list[Ask]:
    """A page whole and as an htmx swap of #main."""
    return [ask, Ask(ask.key + " hx", ask.kind + " hx", ask.method, ask.path, ask.pairs, ask.raw, ask.content_type, True)]


def link_asks(lang: str, visit: str) -> Iterator[Ask]:
    query = urlencode(VISITS[visit])
    for path in LINK_PAGES:
        yield from both(Ask(f"{lang} {visit} GET /{path}", "link " + (path or "start"), "GET",
                            f"/{lang}/{path}" + (f"?{query}" if query else "")))


def error_asks(lang: str, visit: str) -> Iterator[Ask]:
    fields = {f"_{k}": v for k, v in VISITS[visit].items()}
    query = urlencode(VISITS[visit])
    suffix = f"?{query}" if query else ""
    yield from both(Ask(f"{lang} {visit} 404 page", "error 404", "GET", f"/{lang}/nowhere{suffix}"))
    yield from both(Ask(f"{lang} {visit} 404 language", "error 404", "GET", f"/xx/{suffix}"))
    yield from both(Ask(f"{lang} {visit} 422 answer", "error 422", "POST", f"/{lang}/questions",
                        (("court_case", "maybe"), *fields.items(), ("_go", "check"))))
    yield from both(Ask(f"{lang} {visit} 422 result", "error 422", "POST", f"/{lang}/result",
                        (("court_case", "yes"), ("court_case", "no"), *fields.items())))
    yield from both(Ask(f"{lang} {visit} 422 unreadable", "error 422", "POST", f"/{lang}/questions",
                        raw=b"court_case=\xff\xfe&" + urlencode(fields).encode()))
    yield from both(Ask(f"{lang} {visit} 413", "error 413", "POST", f"/{lang}/questions",
                        raw=urlencode(fields).encode() + b"&x=" + b"a" * 70_000))
    for typed in ("", "ABCD-EFGH", "<b>&\"'"):
        yield from both(Ask(f"{lang} {visit} resume refused {typed!r}", "resume refused", "POST", f"/{lang}/resume",
                            (("_resume", typed), *fields.items())))
    for typed in ("1234", "60608", "<i>"):
        yield from both(Ask(f"{lang} {visit} zip {typed!r}", "help providers", "POST", f"/{lang}/help/providers",
                            (("zip", typed), *fields.items())))


def case_asks(lang: str, visit: str, pack, case: dict) -> Iterator[Ask]:
    """The walk of one worked case under one pack, and the pages around it (the resume code comes later)."""
    from app.core import flow_steps, relevant_answers

    control = {**VISITS[visit], "policy": pack.id}
    answers = relevant_answers(pack, case["answers"])
    every = {q: a for q, a in case["answers"].items()}  # as a person might post them, unasked ones included
    name = f"{lang} {visit} {pack.id} {case['name']}"
    steps = flow_steps(pack, answers)
    q_path, r_path = f"/{lang}/questions", f"/{lang}/result"
    yield from both(Ask(f"{name} start", "question", "POST", q_path, pairs_of({}, **control)))
    for k, step in enumerate(steps):
        asked = {q.id for s in steps[: k + 1] for q in s.questions}
        before = {q.id for s in steps[:k] for q in s.questions}
        given = {q: a for q, a in answers.items() if q in asked}
        earlier = {q: a for q, a in answers.items() if q in before}
        page = step.page.id
        yield from both(Ask(f"{name} {page} next", "question", "POST", q_path, pairs_of(given, **control, at=page, go="next")))
        yield from both(Ask(f"{name} {page} nothing chosen", "question 422", "POST", q_path,
                            pairs_of(earlier, **control, at=page, go="next")))
        yield from both(Ask(f"{name} {page} stay", "question", "POST", q_path, pairs_of(every, **control, at=page, go="stay")))
        yield from both(Ask(f"{name} {page} back", "question", "POST", q_path, pairs_of(given, **control, at=page, go="back")))
    yield from both(Ask(f"{name} check", "check", "POST", q_path, pairs_of(every, **control, go="check")))
    yield from both(Ask(f"{name} back from check", "question", "POST", q_path, pairs_of(answers, **control, go="back")))
    for step in steps:
        for question in step.questions:
            yield from both(Ask(f"{name} change {question.id}", "question change", "POST", q_path,
                                pairs_of(answers, **control, change=question.id)))
        yield from both(Ask(f"{name} {step.page.id} next after change", "question change", "POST", q_path,
                            pairs_of(answers, **control, at=step.page.id, go="next", **{"return": "check"})))
    yield from both(Ask(f"{name} result", "result", "POST", r_path, pairs_of(every, **control)))
    for came_from in ("check", "result"):
        yield from both(Ask(f"{name} resume code from {came_from}", "resume code", "POST", f"/{lang}/resume-code",
                            pairs_of(answers, **control, **{"from": came_from})))
    yield from both(Ask(f"{name} checklist", "checklist", "POST", f"/{lang}/help/checklist", pairs_of(answers, **control)))


def api_asks(packs, cases) -> Iterator[Ask]:
    for lang in LANGUAGES:
        for pack in packs:
            yield Ask(f"api {lang} questions {pack.id}", "api", "GET", f"/api/v1/questions?policy={pack.id}&lang={lang}")
            for case in cases:
                body = json.dumps({"policy": pack.id, "lang": lang, "answers": case["answers"], "as_of": "2026-11-23"})
                yield Ask(f"api {lang} screen {pack.id} {case['name']}", "api", "POST", "/api/v1/screen",
                          raw=body.encode(), content_type="application/json")
            body = json.dumps({"policy": pack.id, "lang": lang, "answers": {"court_case": "maybe"}})
            yield Ask(f"api {lang} screen {pack.id} refused", "api", "POST", "/api/v1/screen",
                      raw=body.encode(), content_type="application/json")
        yield Ask(f"api {lang} policies", "api", "GET", f"/api/v1/policies?lang={lang}")


def record(out: Path, only: str = "") -> None:
    from embed_support import write_partners_file
    from fastapi.testclient import TestClient
    from flow_driver import CASES

    from app.policy import load_packs
    from app.settings import Settings
    from app.web.factory import create_app

    packs = list(load_packs())
    with tempfile.TemporaryDirectory() as tmp:
        partners = write_partners_file(Path(tmp) / "partners.yaml")
        deployments = {
            "": (Settings(partners_file=partners, today=TODAY), list(VISITS)),
            "hosted ": (Settings(partners_file=partners, today=TODAY, host_org_file=ROOT / "examples" / "host-org.example.yaml",
                                 providers_file=ROOT / "examples" / "providers.example.csv"), ["plain", "partner"]),
        }
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()
        dirty = bool(subprocess.run(["git", "status", "--porcelain", "app", "templates"], cwd=ROOT, capture_output=True,
                                    text=True).stdout.strip())
        counts: Counter[str] = Counter()
        with lzma.open(out, "wt", encoding="utf-8", preset=1) as sink:
            sink.write(json.dumps({"recording": 1, "commit": commit + ("+changes" if dirty else ""), "today": str(TODAY)}) + "\n")
            for prefix, (settings, visits) in deployments.items():
                client = TestClient(create_app(settings))
                for lang in LANGUAGES:
                    for visit in visits:
                        asks = [*link_asks(lang, visit), *error_asks(lang, visit)]
                        for pack in packs:
                            for case in CASES:
                                asks += case_asks(lang, visit, pack, case)
                        for ask in asks:
                            if only not in prefix + ask.key:
                                continue
                            counts[prefix + ask.kind] += 1
                            sink.write(json.dumps(_answer(client, ask, prefix)) + "\n")
                            if ask.kind == "resume code" and not ask.htmx and ask.key.endswith("from check"):
                                for comeback in _comeback(client, ask, prefix, lang, visit):
                                    counts[comeback["kind"]] += 1
                                    sink.write(json.dumps(comeback) + "\n")
                if not prefix:
                    for ask in api_asks(packs, CASES):
                        if only not in ask.key:
                            continue
                        counts[ask.kind] += 1
                        sink.write(json.dumps(_answer(client, ask, prefix)) + "\n")
    print(f"recorded {sum(counts.values())} responses to {out} ({out.stat().st_size / 1e6:.1f} MB)")
    for kind, n in sorted(counts.items()):
        print(f"  {kind:<28}{n:>6}")


def _answer(client, ask: Ask, prefix: str) -> dict:
    headers = {**(HTMX if ask.htmx else {}), **({"Content-Type": ask.content_type} if ask.method == "POST" else {})}
    response = client.request(ask.method, ask.path, content=ask.body() if ask.method == "POST" else None, headers=headers)
    return {"key": prefix + ask.key, "kind": prefix + ask.kind, "method": ask.method, "path": ask.path,
            "request": ask.body().decode("utf-8", "replace") if ask.method == "POST" else "", "status": response.status_code,
            "headers": {h: response.headers.get(h) for h in RESPONSE_HEADERS}, "text": response.text}


def _comeback(client, ask: Ask, prefix: str, lang: str, visit: str) -> Iterator[dict]:
    """"Continue with a code" with the code the resume-code page showed, whole and as an htmx swap."""
    shown = client.post(ask.path, content=ask.body(), headers={"Content-Type": FORM}).text
    found = CODE.search(shown)
    code = re.sub(r"<[^>]+>", "", found.group(1)) if found else ""
    fields = tuple((f"_{k}", v) for k, v in VISITS[visit].items())
    base = ask.key.removesuffix(" resume code from check")
    for comeback in both(Ask(f"{base} comeback with code", "resume", "POST", f"/{lang}/resume", (("_resume", code), *fields))):
        yield _answer(client, comeback, prefix)


# --------------------------------------------------------------------------- comparing two recordings


def read(path: Path) -> tuple[dict, Iterator[dict]]:
    handle = lzma.open(path, "rt", encoding="utf-8")
    header = json.loads(handle.readline())

    def items() -> Iterator[dict]:
        with handle:
            for line in handle:
                yield json.loads(line)

    return header, items()


def compare(old_path: Path, new_path: Path, show: int, only: str = "") -> int:
    old_header, old_items = read(old_path)
    new_header, new_items = read(new_path)
    print(f"old: {old_path} ({old_header['commit']})\nnew: {new_path} ({new_header['commit']})")
    new_by_key = {item["key"]: item for item in new_items if only in item["key"]}
    same: Counter[str] = Counter()
    differ: dict[str, list[tuple[dict, dict]]] = defaultdict(list)
    sizes: dict[str, list[int]] = defaultdict(lambda: [0, 0, 0])  # bytes before, after, responses (all of a kind)
    missing = []
    for old in old_items:
        if only not in old["key"]:
            continue
        new = new_by_key.pop(old["key"], None)
        if new is None:
            missing.append(old["key"])
            continue
        kind = old["kind"]
        size = sizes[kind]
        size[0] += len(old["text"].encode())
        size[1] += len(new["text"].encode())
        size[2] += 1
        if (old["status"], old["headers"], old["text"]) == (new["status"], new["headers"], new["text"]):
            same[kind] += 1
        else:
            differ[kind].append((old, new))
    total_same, total_differ = sum(same.values()), sum(len(v) for v in differ.values())
    print(f"{total_same + total_differ} responses compared: {total_same} byte for byte the same, {total_differ} differ"
          + (f"; {len(missing)} only in the old recording" if missing else "")
          + (f"; {len(new_by_key)} only in the new one" if new_by_key else ""))
    print(f"{'kind':<30}{'same':>7}{'differ':>8}{'mean bytes before':>19}{'after':>9}")
    for kind in sorted(sizes):
        before, after, n = sizes[kind]
        print(f"{kind:<30}{same[kind]:>7}{len(differ[kind]):>8}{before / n:>19,.0f}{after / n:>9,.0f}")
    for _kind, pairs in sorted(differ.items()):
        for old, new in pairs[:show]:
            print(f"\n--- {old['key']} ({old['method']} {old['path']})")
            if old["status"] != new["status"] or old["headers"] != new["headers"]:
                print(f"status/headers: {old['status']} {old['headers']} -> {new['status']} {new['headers']}")
            diff = difflib.unified_diff(old["text"].splitlines(), new["text"].splitlines(), "old", "new", n=1, lineterm="")
            lines = list(diff)
            print("\n".join(line[:300] for line in lines[:60]) + ("\n..." if len(lines) > 60 else ""))
    for key in missing[:show]:
        print(f"only in the old recording: {key}")
    for key in list(new_by_key)[:show]:
        print(f"only in the new recording: {key}")
    return 0 if not total_differ and not missing and not new_by_key else 1


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    rec = commands.add_parser("record", help="record every page into a file (xz-compressed JSON lines)")
    rec.add_argument("out", type=Path)
    rec.add_argument("--only", default="", help="only the requests whose name has this text (a quick look)")
    cmp = commands.add_parser("compare", help="compare two recordings; exit 1 if any response differs")
    cmp.add_argument("old", type=Path)
    cmp.add_argument("new", type=Path)
    cmp.add_argument("--show", type=int, default=3, help="differences shown as a diff, per kind of page")
    cmp.add_argument("--only", default="", help="only the responses whose name has this text")
    args = parser.parse_args()
    if args.command == "record":
        record(args.out, args.only)
    else:
        raise SystemExit(compare(args.old, args.new, args.show, args.only))


if __name__ == "__main__":
    main()
