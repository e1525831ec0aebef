"""The rules coder's rate over the labelled housing comments, for a given checkout.

Run it for two trees in one sitting to compare them (the baseline in the same run):

    git worktree add /tmp/before <commit>
    for tree in /tmp/before .; do
        PYTHONPATH=$tree .venv/bin/python benchmarks/voice_rules_rate.py $tree
    done
"""

import csv
import os
import sys
from pathlib import Path

import django

COMMENTS = 10_320  # the labelled set repeated, as in docs/performance.md


def main(tree: Path) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "doorstep.settings")
    django.setup()
    from doorstep.voice.coder import RuleCoder
    from doorstep.voice.quality import throughput

    with open(tree / "doorstep/voice/data/housing_comments_labelled.csv", newline="") as file:
        texts = [row["text"] for row in csv.DictReader(file)]
    texts = (texts * (COMMENTS // len(texts) + 1))[:COMMENTS]
    rate = throughput(RuleCoder().code, texts, repeat=3)
    print(f"{tree}: {rate:,.0f} comments a second ({len(texts):,} comments, best of 3)")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else ".").resolve())
