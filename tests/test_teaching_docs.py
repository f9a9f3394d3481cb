"""The instructor's teaching notes cover every chapter and their links work."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TEACHING = ROOT / "docs" / "teaching"


def chapters() -> list[str]:
    return sorted(p.stem for p in (ROOT / "solutions").glob("[0-9][0-9]_*.ipynb"))


def test_every_chapter_has_an_answer_key_with_misconceptions():
    for stem in chapters():
        notes = TEACHING / f"chapter-{stem[:2]}.md"
        text = notes.read_text()
        assert "## Answer key" in text, notes.name
        assert "## Misconceptions" in text, notes.name
        assert text.count("\n- **") >= 3, notes.name  # at least three items


def test_the_time_table_lists_every_chapter_with_measured_seconds():
    text = (TEACHING / "README.md").read_text()
    assert "TIMES_TABLE" not in text
    for stem in chapters():
        row = re.search(rf"^\| {stem} \| (\d+) \| (\d+) \| (\d+) \|$", text, re.M)
        assert row, stem
        assert all(int(value) > 0 for value in row.groups())


def test_relative_links_in_the_teaching_notes_resolve():
    for notes in [*TEACHING.glob("*.md"), ROOT / "docs" / "instructors.md"]:
        for target in re.findall(r"\]\(([^)#:]+)(?:#[^)]*)?\)", notes.read_text()):
            assert (notes.parent / target).exists(), (notes.name, target)
