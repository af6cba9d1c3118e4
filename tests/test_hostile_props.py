"""Property tests: random front matter and random bytes give diagnostics, never a
traceback, and every diagnostic points at a real place in the file."""

from __future__ import annotations

import string

import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from generator.diagnostics import CHECKS, Report
from generator.settings import Settings
from generator.source import bodycheck
from generator.source.frontmatter import decode, split
from generator.source.load import Loaded
from generator.source.resolve import resolve
from generator.source.schema import ID_RE
from generator.source.validate import validate

SETTINGS = Settings(root=__import__("pathlib").Path("/nonexistent"))
FIELDS = ["title", "date", "summary", "actors", "mentions", "topics", "quotes", "source",
          "language", "name", "type", "aliases", "speaker", "text", "url", "no", "on"]
scalars = st.one_of(
    st.text(max_size=40), st.integers(), st.floats(allow_nan=False), st.booleans(),
    st.none(), st.sampled_from(["no", "on", "1.10", "2023-02-30", "2023-05-29", "hun-sen",
                                "TODO", "javascript:alert(1)", "<script>", "~", ""]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4),
    st.dictionaries(st.sampled_from(FIELDS), inner, max_size=4)), max_leaves=12)
front_matter = st.dictionaries(st.sampled_from(FIELDS), values, max_size=8)
KIND = st.sampled_from(["article", "actor", "topic"])


def run_text(kind: str, data: bytes) -> Report:
    """load (from bytes) -> validate -> resolve for one file, as the pipeline does."""
    report = Report()
    path = {"article": "content/articles/2023/x.md", "actor": "content/actors/x.md",
            "topic": "content/topics/x.md"}[kind]
    text = decode(path, data, report)
    if text is not None:
        source = split(path, text, report, SETTINGS.limits.front_matter_chars)
        if source is not None:
            drafts = validate([Loaded(kind, "x", source)], SETTINGS, report)
            resolve(drafts, report, names_in_text=True)
    return report


def _sane(report: Report, data: bytes) -> None:
    # Lines as git and GitHub count them (diagnostics.line_col): a line ends at "\n".
    lines = data.count(b"\n") + 1
    for d in report.diagnostics:
        assert d.code in CHECKS
        assert 1 <= d.line <= lines, d
        assert d.col >= 1 and d.message and d.hint, d


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(kind=KIND, fm=front_matter, body=st.text(max_size=200))
@example(kind="article", fm={"title": "T"}, body="\r\r\x1f")
def test_random_front_matter_never_crashes(kind, fm, body):
    dumped = yaml.safe_dump(fm, allow_unicode=True, sort_keys=False) if fm else ""
    data = f"---\n{dumped}---\n{body}".encode("utf-8", "surrogatepass")
    report = run_text(kind, data)
    _sane(report, data)


@settings(max_examples=300, deadline=None)
@given(kind=KIND, data=st.binary(max_size=400))
def test_random_bytes_never_crash(kind, data):
    report = run_text(kind, data)
    _sane(report, data)
    if not data.startswith((b"---\n", b"---\r\n", b"\xef\xbb\xbf---")):
        assert report.has_errors()


@settings(max_examples=300, deadline=None)
@given(kind=KIND, prefix=st.binary(max_size=40),
       middle=st.text(alphabet=string.printable + "\x00\x07\u202e&*!|>:-[]{}'\"\t", max_size=200))
def test_yaml_like_noise_never_crashes(kind, prefix, middle):
    data = b"---\n" + prefix + middle.encode("utf-8", "surrogatepass") + b"\n---\nText.\n"
    report = run_text(kind, data)
    _sane(report, data)


BREAKS = "\n\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029"


@settings(max_examples=300, deadline=None)
@given(kind=KIND, fm=st.text(alphabet=BREAKS + "ab: -'\"[]\t", max_size=60),
       body=st.text(alphabet=BREAKS + "ab <>", max_size=60))
def test_every_line_break_character_keeps_lines_in_the_file(kind, fm, body):
    """Whatever would be a line break to splitlines(), YAML or Markdown, reported lines
    stay within the file as GitHub numbers it."""
    data = f"---\nname: x\n{fm}\n---\n{body}".encode()
    _sane(run_text(kind, data), data)


@given(st.text(max_size=300))
def test_body_scan_never_crashes(body):
    for offset, what in bodycheck.problems(body):
        assert 0 <= offset <= len(body) and what


def test_bom_and_crlf_just_work():
    data = ("\ufeff---\r\ntitle: T\r\ndate: 2023-05-29\r\nsummary: S.\r\nactors: [x]\r\n"
            "---\r\nText.\r\n").encode()
    report = run_text("article", data)
    codes = [d.code for d in report.diagnostics]
    assert codes == ["E301"]  # only the unknown actor: BOM and CRLF are fine
    assert report.diagnostics[0].line == 5


def test_a_lone_carriage_return_is_not_a_line_break():
    """Found by Hypothesis: with a lone CR read as a line break, the control character
    after two of them was reported two lines below the last line of the file."""
    data = b"---\ntitle: T\n---\n\r\r\x1f"
    report = run_text("article", data)
    body = [(d.code, d.line, d.col) for d in report.diagnostics if d.code == "E502"]
    # One line of text (line 4, as GitHub shows it): the CRs and U+001F are on it.
    assert body == [("E502", 4, 1), ("E502", 4, 2), ("E502", 4, 3)], report.diagnostics


def test_crlf_is_one_line_break_and_yaml_breaks_are_refused():
    crlf = b"---\r\ntitle: T\r\ndate: 2023-02-30\r\n---\r\nText.\r\n"
    assert [(d.code, d.line) for d in run_text("article", crlf).diagnostics
            if d.code == "E204"] == [("E204", 3)]
    # YAML alone would start a new line at CR, NEL, LS or PS; GitHub does not.
    for char in ("\r", "\x85", "\u2028", "\u2029"):
        data = f"---\ntitle: T{char}x\ndate: nope\n---\nText.\n".encode()
        report = run_text("article", data)
        assert [(d.code, d.line, d.col) for d in report.diagnostics][:1] == [
            ("E206", 2, 9)], (char, report.diagnostics)


@given(st.from_regex(ID_RE, fullmatch=True))
def test_ids_are_safe_path_segments(slug):
    assert "/" not in slug and "\\" not in slug and slug not in ("", ".", "..")
