"""Screens 10,000 random answer sets in-process on one core and prints the rate (not a timed test)."""

from __future__ import annotations

import random
import sys
import time
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from app.core import screen  # noqa: E402
from app.policy import load_packs  # noqa: E402


def random_answers(rng: random.Random, questions) -> dict:
    answers = {}
    for q in questions:
        if rng.random() < 0.1:
            continue
        if q.kind == "multi":
            answers[q.id] = tuple(rng.sample(q.values, rng.randint(1, 3)))
        else:
            answers[q.id] = rng.choice(q.values)
    return answers


def main(n: int = 10_000) -> None:
    packs = load_packs()
    rng = random.Random(2021)
    policies = list(packs)
    cases = [(random_answers(rng, packs.default.questions), rng.choice(policies),
              date(2021, 1, 1).fromordinal(date(2021, 1, 1).toordinal() + rng.randint(0, 2200))) for _ in range(n)]
    start = time.perf_counter()
    for answers, policy, as_of in cases:
        screen(answers, policy, as_of)
    elapsed = time.perf_counter() - start
    print(f"{n} screenings in {elapsed:.3f} s: {n / elapsed:,.0f} screenings per second (one core)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 10_000)
