"""Each contributor mistake from issue 3, made on a copy of the real content, gives its
diagnostic at the right line in all three output formats (text, github, json)."""

from __future__ import annotations

import json
import re
import shlex
import subprocess

import pytest

from generator import cli, urls
from generator.settings import read_config
from tests.conftest import ROOT

pytestmark = pytest.mark.fast

ARTICLE = "content/articles/2023/hun-sen-zelenskyy-second-call.md"


def line_of(text: str, needle: str) -> int:
    return text[: text.index(needle)].count("\n") + 1


def parse(fmt: str, out: str) -> set[tuple[str, str, int]]:
    """(code, path, line) of every diagnostic printed in one format."""
    if fmt == "json":
        return {(d["code"], d["path"], d["line"]) for d in json.loads(out)["diagnostics"]}
    if fmt == "github":
        return {(m.group(3), m.group(1), int(m.group(2))) for m in re.finditer(
            r"^::\w+ file=([^,]+),line=(\d+),col=\d+,title=(\w\d+) ", out, re.MULTILINE)}
    return {(m.group(4), m.group(1), int(m.group(2))) for m in re.finditer(
        r"^(\S+?):(\d+):(\d+): (?:error|warning|info) (\w\d+): ", out, re.MULTILINE)}


def check_all_formats(repo, capsys, strict: bool | None = None):
    """Run `check` in every format; the three must report the same diagnostics. `strict`
    None passes no flag: the config's `strict` decides."""
    results = {}
    flag = {None: [], True: ["--strict"], False: ["--no-strict"]}[strict]
    for fmt in ("text", "github", "json"):
        argv = ["-f", str(repo.config), "check", "--format", fmt, *flag]
        code = cli.main(argv)
        results[fmt] = (code, parse(fmt, capsys.readouterr().out))
    assert results["text"] == results["github"] == results["json"], results
    return results["json"]


@pytest.fixture
def real(real_repo):
    real_repo.article = (real_repo.root / ARTICLE).read_text(encoding="utf-8")
    return real_repo


def mutate(repo, old: str, new: str, rel: str = ARTICLE) -> str:
    path = repo.root / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    text = text.replace(old, new, 1)
    path.write_text(text, encoding="utf-8")
    return text


def test_real_content_is_clean(real, capsys):
    code, found = check_all_formats(real, capsys, strict=True)
    assert (code, found) == (0, set())


MISTAKES = [
    ("no front matter", "---\ntitle:", "title:", "E102", "title:"),
    ("front matter not a mapping", "---\ntitle:", "---\n- a list\n---\ntitle:", "E104",
     "- a list"),
    # (name, old text, new text, code, needle whose line the diagnostic must be on)
    ("yaml syntax", "language: en", "language: en: fr", "E103", "language: en: fr"),
    ("missing field", "date: 2023-05-29\n", "", "E201", "title:"),
    ("misspelt field", "language: en", "langauge: en", "E202", "langauge:"),
    ("impossible date", "date: 2023-05-29", "date: 2023-02-30", "E204", "date:"),
    ("string not list", "topics: [russia-ukraine-war, un-charter, sanctions, demining, "
     "ukraine-asean-partnership, treaty-of-amity-and-cooperation, peace-formula]",
     "topics: sanctions", "E203", "topics: sanctions"),
    ("unknown actor", "actors: [hun-sen,", "actors: [hun-senn,", "E301", "actors: [hun-senn"),
    ("unknown topic", "topics: [russia-ukraine-war,", "topics: [russia-ukrain-war,", "E302",
     "topics: [russia-ukrain"),
    ("speaker not listed", "royal-academy-of-cambodia, thong-meng-david, ",
     "royal-academy-of-cambodia, ", "W601", "speaker: thong-meng-david"),
    ("quote not verbatim", "including through calls for a cease fire\"",
     "including through calls for an immediate cease fire\"", "W602",
     "including through calls for an immediate"),
]


@pytest.mark.parametrize(("name", "old", "new", "code", "needle"), MISTAKES,
                         ids=[m[0] for m in MISTAKES])
def test_mistake_gives_diagnostic_at_its_line(real, capsys, name, old, new, code, needle):
    text = mutate(real, old, new)
    exit_code, found = check_all_formats(real, capsys)
    line = line_of(text, needle)
    if code == "E201":  # a missing field is reported at the start of the front matter
        line = 2
    if code == "E102":  # the file as a whole
        line = 1
    if code == "W602":  # reported at the quote's `text:` field
        before = text[: text.index(needle)]
        line = before[: before.rindex("text:")].count("\n") + 1
    assert (code, ARTICLE, line) in found
    assert exit_code == 1  # warnings too: site_config.yml says `strict: true`


RUW = "content/topics/russia-ukraine-war.md"
PEACE = "content/topics/peace-formula.md"


def test_a_topic_related_and_narrower_at_once_is_a_warning_at_its_line(real, capsys):
    """Peace Formula's `broader` is the war: the war listing it as related too, or Peace
    Formula listing the war as related, says two things of one pair of topics."""
    war = mutate(real, "related: [sanctions", "related: [peace-formula, sanctions", RUW)
    peace = mutate(real, "broader: russia-ukraine-war\n",
                   "broader: russia-ukraine-war\nrelated: [sanctions, Russia-Ukraine war]\n",
                   PEACE)
    _, found = check_all_formats(real, capsys)
    assert {d for d in found if d[0] == "W604"} == {
        ("W604", RUW, line_of(war, "related:")), ("W604", PEACE, line_of(peace, "related:"))}
    cli.main(["-f", str(real.config), "check", "--no-strict"])
    out = capsys.readouterr().out
    assert (f"{RUW}:4:11: warning W604: 'peace-formula' is listed as related, but it is a "
            f"narrower topic of this one ({PEACE} names 'russia-ukraine-war' as its broader "
            "topic)\n    hint: remove 'peace-formula' from related: the topic page lists it "
            "under Narrower") in out
    assert ("'Russia-Ukraine war' is listed as related, but it is this topic's broader topic"
            in out)
    # the pages say one thing: narrower (or broader), never also related
    pages = real.run().pages
    for page, other, kind in (("russia-ukraine-war", "peace-formula", "Narrower"),
                              ("peace-formula", "russia-ukraine-war", "Broader")):
        family = pages[urls.topic(page)].split('id="broader-narrower-and-related-topics"')[1]
        lines = family.split("</ul>")[0].split("<li>")
        href = f'href="{urls.href(urls.topic(page), urls.topic(other))}"'
        assert [line.split("</strong>")[0] for line in lines if href in line] == [
            f"<strong>{kind}:"], family


def test_strict_turns_warnings_into_errors(real, capsys):
    mutate(real, "royal-academy-of-cambodia, thong-meng-david, ", "royal-academy-of-cambodia, ")
    assert check_all_formats(real, capsys, strict=False)[0] == 0
    assert check_all_formats(real, capsys, strict=True)[0] == 1
    cli.main(["-f", str(real.config), "check", "--strict"])
    assert "error W601" in capsys.readouterr().out
    cli.main(["-f", str(real.config), "check", "--no-strict"])
    assert "warning W601" in capsys.readouterr().out


def _make_command(target: str) -> list[str]:
    """The generator arguments that `make TARGET` runs, read from the Makefile itself."""
    done = subprocess.run(["make", "-n", "-s", "-C", str(ROOT), target, "FORMAT=github"],
                          capture_output=True, text=True, timeout=60)
    (line,) = [li for li in done.stdout.splitlines() if " -m generator " in li]
    return shlex.split(line.split(" -m generator ", 1)[1])


def test_make_and_the_workflows_are_as_strict_as_site_config(real, capsys):
    """One setting decides: `strict: true` in site_config.yml. A quote that is not word for
    word fails `make check` and `make site` as it fails the pull-request check, which
    runs those same targets."""
    assert read_config(ROOT / "site_config.yml")["strict"] is True
    text = mutate(real, "including through calls for a cease fire\"",
                  "including through calls for an immediate cease fire\"")
    check, site = _make_command("check"), _make_command("site")
    assert check[0] == "check" and site[0] == "build"
    assert not {"--strict", "--no-strict"} & {*check, *site}  # the config decides
    assert cli.main(["-f", str(real.config), *check]) == 1
    out = capsys.readouterr().out
    before = text[: text.index("including through calls for an immediate")]
    line = before[: before.rindex("text:")].count("\n") + 1
    assert f"::error file={ARTICLE},line={line}," in out and "title=W602 " in out
    site_dir = real.root / "site"
    assert cli.main(["-f", str(real.config), *site, "--site-dir", str(site_dir)]) == 1
    assert not site_dir.exists()
    for workflow in ("pull-request.yml", "deploy.yml"):
        script = (ROOT / ".github" / "workflows" / workflow).read_text(encoding="utf-8")
        assert "make check FORMAT=github" in script and "make site FORMAT=github" in script
        assert "-m generator check" not in script and "-m generator build" not in script
    # Live preview alone says otherwise, for MkDocs' warning about dirty builds.
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipes = [li for li in makefile.splitlines() if li.startswith("\t")]
    assert [li for li in recipes if "strict" in li] == [
        "\t$(VENV)/bin/mkdocs serve -f site_config.yml --dev-addr $(HOST):$(PORT) --livereload "
        "--dirty --no-strict"]


def test_did_you_mean_and_scaffold_command(real, capsys):
    mutate(real, "language: en", "langauge: en")
    mutate(real, "actors: [hun-sen,", "actors: [Volodymyr Zelenski, hun-sen,")
    cli.main(["-f", str(real.config), "check", "--format", "json"])
    items = json.loads(capsys.readouterr().out)["diagnostics"]
    hints = {d["code"]: d["hint"] for d in items}
    assert "did you mean 'language'" in hints["E202"]
    assert (".venv/bin/python -m generator new actor volodymyr-zelenski --type TYPE "
            "--name 'Volodymyr Zelenski', where TYPE is person, country, organization or "
            "group") in hints["E301"]
    assert "did you mean 'Volodymyr Zelensky'" in hints["E301"]


def test_article_in_the_folder_of_another_year(real, capsys):
    """A 2023 article saved under 2024/ would be published under 2023 without a word."""
    moved = ARTICLE.replace("/2023/", "/2024/")
    (real.root / moved).parent.mkdir()
    (real.root / ARTICLE).rename(real.root / moved)
    code, found = check_all_formats(real, capsys)
    assert code == 1
    assert found == {("E208", moved, line_of(real.article, "date:"))}
    cli.main(["-f", str(real.config), "check", "--format", "json"])
    (item,) = json.loads(capsys.readouterr().out)["diagnostics"]
    assert "dated 2023-05-29" in item["message"] and "content/articles/2024/" in item["message"]
    assert f"move the file to {ARTICLE}" in item["hint"] and "correct the date" in item["hint"]


def test_date_changed_to_another_year(real, capsys):
    text = mutate(real, "date: 2023-05-29", "date: 2024-05-29")
    code, found = check_all_formats(real, capsys)
    assert (code, found) == (1, {("E208", ARTICLE, line_of(text, "date:"))})


def test_article_outside_a_year_folder(real, capsys):
    loose = "content/articles/hun-sen-zelenskyy-second-call.md"
    (real.root / ARTICLE).rename(real.root / loose)
    code, found = check_all_formats(real, capsys)
    assert (code, found) == (1, {("E208", loose, line_of(real.article, "date:"))})


def test_unknown_name_holding_a_known_one_suggests_it(real, capsys):
    """'ASEAN Secretariat' is not an actor, but ASEAN is: the hint names it first."""
    text = mutate(real, "actors: [hun-sen,", "actors: [ASEAN Secretariat, hun-sen,")
    cli.main(["-f", str(real.config), "check", "--format", "json"])
    (item,) = json.loads(capsys.readouterr().out)["diagnostics"]
    assert (item["code"], item["line"]) == ("E301", line_of(text, "actors: [ASEAN"))
    assert item["hint"].startswith("did you mean 'ASEAN'")
    assert (".venv/bin/python -m generator new actor asean-secretariat --type TYPE "
            "--name 'ASEAN Secretariat'") in item["hint"]


NAMES = ["ASEAN", "asean", "Association of Southeast Asian Nations", "Hun Sen", "hun-sen",
         "UN", "un", "United Nations", "Volodymyr Zelensky", "Volodymyr Zelenskyy",
         "zelenskyy", "Kingdom of Cambodia", "cambodia", "Cambodia"]


@pytest.mark.parametrize(("unknown", "expected"), [
    # a known name held whole in the unknown one, or the other way round
    ("ASEAN Secretariat", ["ASEAN"]),
    ("asean SECRETARIAT", ["ASEAN"]),
    ("UN Secretary-General", ["UN"]),
    ("Sen", ["Hun Sen", "ASEAN"]),  # then a spelling match
    # misspellings, as difflib finds them; one suggestion for 'Hun Sen' and 'hun-sen'
    ("Volodymyr Zelenski", ["Volodymyr Zelensky", "Volodymyr Zelenskyy"]),
    ("hun-senn", ["Hun Sen"]),
    ("Kingdom of Cambodja", ["Kingdom of Cambodia"]),
    # sharing a word is a weaker hint; minor words alone suggest nothing
    ("Hun Manet", ["Hun Sen"]),
    ("of the", []),
])
def test_did_you_mean(unknown, expected):
    from generator.diagnostics import did_you_mean

    assert did_you_mean(unknown, NAMES) == expected
    assert did_you_mean(unknown, list(reversed(NAMES))) == expected  # order-independent


def test_unlisted_actor_named_in_text(real, capsys):
    text = mutate(real, "mentions: [russia, ", "mentions: [")
    _, found = check_all_formats(real, capsys)
    assert ("W603", ARTICLE, line_of(text, "Russia-Ukraine conflict, saying")) in found


def test_registry_collisions(real, capsys):
    real.write("content/actors/hun-sen-2.md",
               "---\nname: Someone\ntype: person\naliases: [Hun Sen]\n---\nP.\n")
    real.write("content/actors/Kin-Phea.md", "---\nname: Other\ntype: person\n---\nP.\n")
    real.write("content/articles/2024/hun-sen-zelenskyy-second-call.md",
               (real.root / ARTICLE).read_text(encoding="utf-8"))
    _, found = check_all_formats(real, capsys)
    # An entry's own name outranks another entry's alias: the alias is the claim reported.
    assert [f for f in found if f[0] == "E402"] == [("E402", "content/actors/hun-sen-2.md", 4)]
    assert ("E403", "content/actors/Kin-Phea.md", 1) in found
    assert ("E401", "content/articles/2024/hun-sen-zelenskyy-second-call.md", 1) in found


def test_unused_registry_entry_is_a_note(real, capsys):
    real.write("content/topics/energy.md", "---\nname: Energy\n---\nScope.\n")
    code, found = check_all_formats(real, capsys, strict=True)
    assert ("I701", "content/topics/energy.md", 2) in found
    assert code == 0  # notes never fail a check, even with --strict


def test_diagnostics_sorted_by_file_and_line(real, capsys):
    mutate(real, "language: en", "langauge: en")
    mutate(real, "actors: [hun-sen,", "actors: [hun-senn,")
    real.write("content/actors/a-first.md", "---\nname: A\ntype: persn\n---\nP.\n")
    cli.main(["-f", str(real.config), "check", "--format", "json"])
    items = json.loads(capsys.readouterr().out)["diagnostics"]
    keys = [(d["path"], d["line"], d["col"]) for d in items]
    assert keys == sorted(keys) and len(keys) >= 3


def test_github_format_escapes_and_levels(real, capsys):
    mutate(real, "royal-academy-of-cambodia, thong-meng-david, ", "royal-academy-of-cambodia, ")
    real.write("content/topics/energy.md", "---\nname: Energy\n---\nScope.\n")
    cli.main(["-f", str(real.config), "check", "--format", "github", "--no-strict"])
    out = capsys.readouterr().out
    assert re.search(r"^::warning file=content/articles/2023/[^,]+,line=\d+,col=\d+,"
                     r"title=W601 ", out, re.MULTILINE)
    assert re.search(r"^::notice file=content/topics/energy.md,line=2,", out, re.MULTILINE)
    assert all("\n" not in line for line in out.splitlines())


def test_limits_come_from_site_config(real, capsys):
    config = real.config.read_text(encoding="utf-8")
    real.config.write_text(config.replace("quotes_per_article: 200", "quotes_per_article: 2")
                           .replace("actors_per_article: 100", "actors_per_article: 3"),
                           encoding="utf-8")
    _, found = check_all_formats(real, capsys)
    assert ("E205", ARTICLE, line_of(real.article, "quotes:") + 1) in found
    assert ("E205", ARTICLE, line_of(real.article, "actors: [")) in found


def test_not_utf8_names_the_byte_offset(real, capsys):
    path = real.root / ARTICLE
    data = path.read_bytes().replace(b"Prime Minister Hun Sen", b"Prime Minister Hun S\xe9n", 1)
    path.write_bytes(data)
    cli.main(["-f", str(real.config), "check", "--format", "json"])
    items = json.loads(capsys.readouterr().out)["diagnostics"]
    (item,) = [i for i in items if i["path"] == ARTICLE]
    line = line_of(real.article, "Prime Minister Hun Sen")
    assert (item["code"], item["line"]) == ("E101", line)
    assert f"offset {data.index(bytes([0xe9]))}" in item["message"]


def test_every_problem_of_a_broken_article_in_one_run(real, capsys):
    """A bad required field (the date) does not hide the article's other problems."""
    mutate(real, "date: 2023-05-29", "date: 2023-02-30")
    mutate(real, "language: en", "langauge: en")
    mutate(real, "actors: [hun-sen,", "actors: [Hun Senn,")
    text = mutate(real, "calls for a cease fire\"", "calls for an end to fire\"")
    code, found = check_all_formats(real, capsys)
    assert code == 1
    assert {c for c, path, _ in found if path == ARTICLE} == {"E204", "E202", "E301", "W602"}
    # elsewhere only notes: the actors whose sources cite the article say where it fails
    assert {c for c, path, _ in found if path != ARTICLE} == {"I703"}
    assert ("E301", ARTICLE, line_of(text, "actors: [Hun Senn")) in found


@pytest.mark.parametrize(("name", "hint"), [
    ("Zélensky.md", "rename it to zelensky.md: git mv 'content/actors/Zélensky.md' "
                    "content/actors/zelensky.md"),
    ("Hun Manet.md", "rename it to hun-manet.md: git mv 'content/actors/Hun Manet.md' "
                     "content/actors/hun-manet.md"),
    ("Kin Phea.md", "and content/actors/kin-phea.md is taken: merge the two files, or "
                    "rename this one to another id"),
    ("ហ៊ុន-ម៉ាណែត.md", "rename the file to <id>.md with the Latin spelling of its name "
                       "(e.g. hun-sen.md): git mv 'content/actors/ហ៊ុន-ម៉ាណែត.md' "
                       "content/actors/ID.md"),
])
def test_a_file_name_that_is_no_id_gets_the_id_and_the_command(real, capsys, name, hint):
    """E108 names the ASCII id the file name spells (accents taken off, lowercase,
    hyphens) and the exact `git mv` that renames it; a name in another script is for
    the contributor to spell."""
    rel = f"content/actors/{name}"
    real.write(rel, "---\nname: Someone New\ntype: person\n---\nP.\n")
    cli.main(["-f", str(real.config), "check", "--format", "json"])
    items = json.loads(capsys.readouterr().out)["diagnostics"]
    (item,) = [d for d in items if d["path"] == rel]
    assert (item["code"], item["line"]) == ("E108", 1)
    assert item["hint"] == "an id is lowercase letters, digits and single hyphens" + (
        ", " if hint.startswith("and ") else ": ") + hint


def test_the_suggested_rename_runs_and_the_file_is_then_read(real, capsys):
    rel = "content/topics/Énergie Atomique.md"
    real.write(rel, "---\nname: Énergie atomique\n---\nScope.\n")
    subprocess.run(["git", "init", "-q"], cwd=real.root, check=True)
    subprocess.run(["git", "add", "-A"], cwd=real.root, check=True)
    cli.main(["-f", str(real.config), "check", "--format", "json"])
    (item,) = json.loads(capsys.readouterr().out)["diagnostics"]
    command = item["hint"].split(": ", 2)[2]
    assert command.startswith("git mv ")
    subprocess.run(shlex.split(command), cwd=real.root, check=True)
    cli.main(["-f", str(real.config), "check", "--format", "json"])
    (item,) = json.loads(capsys.readouterr().out)["diagnostics"]
    assert (item["code"], item["path"]) == ("I701", "content/topics/energie-atomique.md")


def test_the_id_in_a_scaffold_hint_is_the_name_without_accents(real, capsys):
    mutate(real, "actors: [hun-sen,", "actors: [Oleksandr Kubrakóv, hun-sen,")
    cli.main(["-f", str(real.config), "check", "--format", "json"])
    (item,) = json.loads(capsys.readouterr().out)["diagnostics"]
    assert "new actor oleksandr-kubrakov --type TYPE --name 'Oleksandr Kubrakóv'" in item["hint"]
