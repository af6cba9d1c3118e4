"""W602 shows where a quote and its article's text part: the first word that differs on
each side, a few words around it, and the line of the text."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from generator import cli
from generator.source.verbatim import mapped, normalise, parting

pytestmark = pytest.mark.fast

ARTICLE = "content/articles/2023/hun-sen-zelenskyy-second-call.md"


def w602(repo, capsys, *changes: tuple[str, str]) -> tuple[dict, str]:
    """The one W602 after making `changes` (each to its first occurrence) to the seed
    article, and the article's text as changed."""
    path = repo.root / ARTICLE
    text = path.read_text(encoding="utf-8")
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    cli.main(["-f", str(repo.config), "check", "--format", "json"])
    (item,) = json.loads(capsys.readouterr().out)["diagnostics"]
    assert item["code"] == "W602"
    return item, text


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


ADVICE = ("copy the words exactly from the text (quotation marks and spacing may differ), "
          "or correct the text")


def test_a_trailing_full_stop_is_shown(real_repo, capsys):
    item, text = w602(real_repo, capsys, ("calls for a cease fire\"", "calls for a cease fire.\""))
    line = line_of(text, "calls for a cease fire,”")
    assert item["line"] == line_of(text, "text: \"Cambodia still supports")
    assert item["message"] == ("the quote is not word for word in the article text: where "
                               f"the text (line {line}) has \"fire,\", the quote has \"fire.\"")
    assert item["hint"] == ("quote: \"…for a cease fire.\"; text: \"…for a cease fire,” he "
                            f"said.\"; {ADVICE}")


def test_two_words_for_one_are_shown(real_repo, capsys):
    item, text = w602(real_repo, capsys,
                      ("Ukrainian demining specialists", "Ukrainian land mines specialists"),
                      ("Ukrainian demining specialists", "Ukrainian landmines specialists"))
    line = line_of(text, "Ukrainian landmines")
    assert line > line_of(text, "\n---\n") + 1  # in the text, not the front matter
    assert item["message"].endswith(
        f"where the text (line {line}) has \"landmines\", the quote has \"land\"")
    assert item["hint"].startswith(
        "quote: \"…training of Ukrainian land mines specialists. Hopefully…\"; "
        "text: \"…training of Ukrainian landmines specialists. Hopefully this…\"; ")


def test_a_first_word_that_differs_is_found_from_the_end(real_repo, capsys):
    """The text holds the end of the quote but not its start: the parting is found from
    the end, past the quotation mark that opens the passage in the text."""
    item, text = w602(real_repo, capsys,
                      ("text: \"Cambodia deeply", "text: \"The Cambodia deeply"))
    line = line_of(text, "after their first call in November.")
    assert item["message"].endswith(
        f"where the text (line {line}) has \"November.\", the quote has \"The\"")
    assert item["hint"].startswith("quote: \"The Cambodia deeply respects…\"; text: "
                                   "\"…first call in November. “Cambodia deeply respects…\"")


def test_a_quote_the_text_has_nothing_of(real_repo, capsys):
    item, _ = w602(real_repo, capsys, (
        "text: \"Cambodia still supports peaceful actions and any mechanisms that will end "
        "the crisis in Ukraine, including through calls for a cease fire\"",
        "text: \"Nothing of this is in the text\""))
    assert item["message"] == ("the quote \"Nothing of this is in the text\" does not appear "
                               "word for word in the article text")


@given(st.text(alphabet=" \t\n*_\\…“”‘’\"'`aZ.,", max_size=40))
def test_mapped_text_is_the_normalised_text_and_points_into_it(text):
    out, offsets = mapped(text)
    assert out == normalise(text)
    assert len(offsets) == len(out)
    assert offsets == sorted(offsets)
    for char, offset in zip(out, offsets, strict=True):
        if char != " ":
            assert char in normalise(text[offset])


def test_parting_points_at_the_word_in_the_text_as_written():
    body = "First line.\n\nHe said the *land*  mines were\ncleared “at last”.\n"
    found = parting("the land mines were cleared at least", body, 10)
    assert (found.quote.word, found.text.word, found.line) == ("least", "last”.", 13)
    assert found.text.context == "…were cleared “at last”."  # three words before
    assert body[found.text.offset:].startswith("last")
