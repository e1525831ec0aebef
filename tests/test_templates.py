"""Template hygiene that no page test would notice."""

from pathlib import Path

import doorstep

TEMPLATES = sorted(Path(doorstep.__file__).parent.rglob("templates/**/*.html"))


def test_it_finds_the_templates():
    assert len(TEMPLATES) > 50


def test_it_keeps_every_short_comment_on_one_line():
    # Django's {# #} ends at the end of its line: a comment spread over two lines is printed
    # on the page as text. Longer comments belong in {% comment %}.
    spread = [
        f"{path.relative_to(Path(doorstep.__file__).parent)}:{number}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "{#" in line and "#}" not in line.split("{#", 1)[1]
    ]
    assert spread == []
