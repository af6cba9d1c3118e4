"""Carry unchanged pages of the last build over into the next one.

A generated page's HTML is a function of its finished text and of what every page
shares: MkDocs' configuration, the theme and its overrides, the hand-written pages and
the navigation they make, the versions of the generator and its libraries (the "global
key"). `.cache/site.json` records, after each successful `build`, the global key, a digest
of each generated page's text and the size and time of every file left in the
site folder. The next build hard-links into its new folder the HTML of each page whose
text and global key are unchanged and whose file in the current site is still the one
recorded. MkDocs neither reads nor writes such a page (generator/mkdocs/plugin.py marks
its file excluded), so the previous site, which shares the file, is never written
through; what the page told the search index and the sitemap is kept, with the digest
of its text, in `.cache/carried/`. A generated file that is not a page (a feed, an
export) and the theme's and docs/' other files are carried over the same way. Anything
else is built as on a cold build: a different key, a missing or changed file, a damaged
record (a notice, then a full build).

When nothing at all changed (the content, config, theme, docs and code as `uptodate`
fingerprints them, and every file of the site as recorded), `build` stops before
loading anything.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from generator.disk.sitedir import MARK
from generator.outputs import search
from generator.reuse import store as cache
from generator.reuse.reads import text_digest
from generator.reuse.store import CARRIED
from generator.reuse.uptodate import code_fingerprint

# Libraries whose behaviour shapes the HTML around a page.
LIBRARIES = ("PyYAML", "Markdown", "mkdocs", "mkdocs-material", "mkdocs-material-extensions",
             "pymdown-extensions", "Jinja2", "MarkupSafe", "Pygments")
_FORMAT = 1
STATIC = "static"  # what site.json records for a theme's or docs/ file, in place of a digest


def tree_digest(folder: Path) -> str:
    """A digest of the paths and bytes of every file below `folder` (theme/, docs/)."""
    digest = hashlib.sha256()
    if folder.is_dir():
        for path in sorted(p for p in folder.rglob("*") if p.is_file()):
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def global_key(config_file: Path, theme_dir: Path | None, docs_dir: Path,
               values: dict) -> str:
    """What every built page shares; `values` are resolved configuration values (those
    set from the environment, say) that the file's bytes do not show."""
    digest = hashlib.sha256(code_fingerprint(LIBRARIES).encode())
    digest.update(config_file.read_bytes())
    # objects (an extension instance, say) by their type: their repr holds an address
    digest.update(json.dumps(values, sort_keys=True,
                             default=lambda o: type(o).__qualname__).encode())
    if theme_dir is not None:
        digest.update(tree_digest(theme_dir).encode())
    digest.update(tree_digest(docs_dir).encode())
    return digest.hexdigest()


def site_files(site_dir: Path, known: dict[str, str] | None = None
               ) -> dict[str, str] | None:
    """`size mtime` of every file in the site folder, or None if it cannot be read. No
    inode: a site restored from CI's cache (a tar archive) has new inodes but keeps
    sizes and times. `known`: what some files are known to have (those carried over,
    which share their inode with the last site's), taken without a `stat`."""
    files: dict[str, str] = {}
    try:
        _list(str(site_dir), "", files, known or {})
    except OSError:
        return None
    files.pop(MARK, None)
    return files


def _list(folder: str, prefix: str, files: dict[str, str], known: dict[str, str]) -> None:
    # scandir, not walk and relpath: a site has several files per article
    with os.scandir(folder) as found:
        for entry in found:
            if entry.is_dir(follow_symlinks=False):
                _list(entry.path, f"{prefix}{entry.name}/", files, known)
                continue
            path = prefix + entry.name
            seen = known.get(path)
            if seen is None:
                st = entry.stat(follow_symlinks=False)
                seen = f"{st.st_size} {st.st_mtime_ns}"
            files[path] = seen


class SiteManifest:
    """What `.cache/site.json` says about the site folder, checked before any use, and
    what `.cache/carried/` says about its pages."""

    def __init__(self, path: Path, site_dir: Path, notices: list[str]) -> None:
        self.path = path
        self.site_dir = site_dir.resolve()
        self.data: dict = {}
        self.last_facts = Facts()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return
        except (OSError, ValueError) as exc:
            notices.append(f"cache {path} is damaged ({type(exc).__name__}); ignored, "
                           "building every page")
            return
        if not (isinstance(data, dict) and data.get("format") == _FORMAT
                and isinstance(data.get("pages"), dict) and isinstance(data.get("files"), dict)):
            notices.append(f"cache {path} is damaged or from another version; ignored, "
                           "building every page")
            return
        if data.get("site_dir") != str(self.site_dir):
            return  # another site folder: nothing to carry
        self.data = data

    def load_facts(self, notices: list[str]) -> None:
        """Read `.cache/carried/`, once the build is known to be needed: a build with
        nothing to do reads site.json alone."""
        if self.data:
            cache.read_ahead(self.path.parent)  # the build's caches, summed meanwhile
            self.last_facts = read_facts(facts_path(self.path), notices)

    def unchanged(self, inputs: str | None, key: Callable[[], str]) -> bool:
        """Whether the last build had these inputs and the site is still as it left it;
        `key()` gives the global key, asked only if the inputs are the same (it loads
        MkDocs' configuration, which a build that follows would load again)."""
        if not self.data or inputs is None or self.data.get("inputs") != inputs:
            return False
        return self.data.get("key") == key() and site_files(self.site_dir) == self.data["files"]

    def facts(self, key: str) -> dict[str, tuple]:
        """{page: (text digest, search.Stored record or None, sitemap date or None)} of the
        last build, if it had this global key."""
        return self.last_facts.of(key)

    def carryable(self, key: str) -> dict[str, tuple[str, str]]:
        """{page or file source: (text digest or STATIC, HTML path)} of what may be
        carried over."""
        if not self.data or self.data.get("key") != key:
            return {}
        files = self.data["files"]
        site = str(self.site_dir)  # a string: a warm build looks at every file of the site
        out = {}
        for src, entry in self.data["pages"].items():
            if not (isinstance(entry, list) and len(entry) == 2):
                continue
            digest, dest = entry
            if not isinstance(dest, str) or dest not in files:
                continue
            try:
                st = os.lstat(f"{site}/{dest}")
            except OSError:
                continue
            if f"{st.st_size} {st.st_mtime_ns}" == files[dest]:
                out[src] = (digest, dest)
        return out


def carry(old_site: Path, staging: Path, dest: str, made: set[str] | None = None) -> bool:
    """Put the old site's file at `dest` into the new folder (a hard link, else a copy).
    `made`: the folders this build made in the new one so far (strings, not Paths: a
    warm build carries tens of thousands of files)."""
    source, target = f"{old_site}/{dest}", f"{staging}/{dest}"
    folder = os.path.dirname(target)
    if made is None:
        os.makedirs(folder, exist_ok=True)
    elif folder not in made:
        _make_folder(folder, made)
    try:
        os.link(source, target)
    except OSError:
        try:
            shutil.copy2(source, target)
        except OSError:
            return False
    return True


def _make_folder(folder: str, made: set[str]) -> None:
    """`os.makedirs(folder, exist_ok=True)`, a `mkdir` for each folder not in `made`
    (makedirs checks every level: a warm build makes 18,000 folders, one per page)."""
    parent = os.path.dirname(folder)
    if parent != folder and parent not in made:
        _make_folder(parent, made)
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder)
    made.add(folder)


def write_record(path: Path, site_dir: Path, inputs: str | None, key: str,
                 pages: dict[str, tuple[str, str]], facts: dict[str, tuple],
                 known: dict[str, str] | None = None, last: Facts | None = None) -> None:
    """Record the site just published; no record if its files cannot all be read.
    `known`: `site_files`'; `last`: the facts as read (`SiteManifest.load_facts`), so that
    only the files whose facts changed are written."""
    files = site_files(site_dir, known)
    if files is None:
        forget(path)
        return
    write_facts(facts_path(path), key, facts, last)
    data = {"format": _FORMAT, "site_dir": str(site_dir.resolve()), "inputs": inputs,
            "key": key, "pages": {src: list(v) for src, v in sorted(pages.items())},
            "files": files}
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.tmp-{os.getpid()}")
    tmp.write_text(json.dumps(data, separators=(",", ":")) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def facts_path(record: Path) -> Path:
    return record.with_name(CARRIED)


# What the last build knew of each page is kept in FACT_SHARDS files by page (mostly
# search records, tens of MB in a large archive): a build writes only the files holding pages
# whose facts changed. Each file names the global key its facts were made under.
FACT_SHARDS = 32


def _fact_shard(page: str) -> int:
    return int.from_bytes(hashlib.blake2b(page.encode(), digest_size=4).digest(),
                          "big") % FACT_SHARDS


class Facts:
    """{page: (text digest, search record or None, sitemap date or None, sitemap address
    or None)} of the last build, by the global key each file of them was written
    under."""

    def __init__(self) -> None:
        self.pages: dict[str, tuple] = {}
        self.key_of: dict[int, str] = {}  # file number -> its global key

    def of(self, key: str) -> dict[str, tuple]:
        return {page: facts for page, facts in self.pages.items()
                if self.key_of.get(_fact_shard(page)) == key}


def read_facts(folder: Path, notices: list[str]) -> Facts:
    """What the last build knew of each generated page it wrote, so that a page carried
    over needs no reading by MkDocs. A file that is missing or damaged (noticed, once
    for them all) leaves its pages unknown: they are built again."""
    found = Facts()
    problems: list[str] = []
    cache.tidy(folder, problems)
    for number in range(FACT_SHARDS):
        path = folder / f"{number:02d}{cache.EXTENSION}"
        payload = cache.read(path, _FACTS_KEY, problems, tidied=True)
        if payload is None:
            continue
        if not isinstance(payload, dict) or not isinstance(payload.get(""), str) or not all(
                isinstance(v, tuple) and len(v) == 4 and _fact_shard(k) == number
                for k, v in payload.items() if k):
            problems.append(f"cache {path} holds something else; ignored, building its pages")
            continue
        found.key_of[number] = payload.pop("")
        found.pages.update(payload)
    if problems:
        more = f" (and {len(problems) - 1} more of {folder})" if len(problems) > 1 else ""
        notices.append(problems[0] + more)
    return found


def write_facts(folder: Path, key: str, facts: dict[str, tuple], last: Facts | None = None
                ) -> None:
    """Write the files whose pages' facts differ from `last`'s under `key`; remove
    those that hold no page."""
    last = last or Facts()
    shards: dict[int, dict[str, tuple]] = {number: {} for number in range(FACT_SHARDS)}
    for page, page_facts in facts.items():
        shards[_fact_shard(page)][page] = page_facts
    dirty = {number for number in range(FACT_SHARDS) if last.key_of.get(number) != key}
    for page, page_facts in facts.items():
        old = last.pages.get(page)
        if old is not page_facts and old != page_facts:
            dirty.add(_fact_shard(page))
    dirty.update(_fact_shard(page) for page in last.pages if page not in facts)
    for number in sorted(dirty):
        path = folder / f"{number:02d}{cache.EXTENSION}"
        if shards[number]:
            cache.write(path, _FACTS_KEY, {"": key, **shards[number]})
        else:
            forget(path)


_FACTS_KEY = "carried-pages-3"  # 2: search records' lines as UTF-8 bytes; 3: addresses


def forget(path: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        path.unlink()


class Carry:
    """The pages and files of one build that are carried over from the previous site."""

    def __init__(self, record: SiteManifest, staging: Path, key: str,
                 digests: dict[str, str]) -> None:
        self.record = record
        self.key = key
        self.digests = digests  # known already: text_digest of some pages
        self.staging = staging
        self.candidates = record.carryable(key)
        self.known = record.facts(key)  # the last build's facts of its pages
        self.carried: set[str] = set()
        self.folders: set[str] = set()  # made in the new site by carrying files into it
        self.built: dict[str, tuple[str, str]] = {}  # page -> (text digest, HTML path)
        # page -> (text digest, search record or None, sitemap date or None, sitemap
        # address or None: MkDocs' `canonical_url`, worked out once per page, not on
        # every build for every page carried over)
        self.facts: dict[str, tuple] = {}

    def offer(self, path: str, text: str | bytes, dest: str) -> bool:
        """Carry the file at `dest` over if `text` is what made it (and, for a page,
        what it told the search index and the sitemap is known); whether it was."""
        digest = self.digest(path, text)
        self.built[path] = (digest, dest)
        if self.candidates.get(path) != (digest, dest):
            return False
        page = path.endswith(".md")
        known = self.known.get(path) if page else None
        if page and (known is None or known[0] != digest):
            return False
        if not carry(self.record.site_dir, self.staging, dest, self.folders):
            return False
        self.carried.add(path)
        if known is not None:
            self.facts[path] = known
        return True

    def digest(self, path: str, text: str | bytes) -> str:
        """The text digest of a generated page: the generator's, where it gave one."""
        return self.digests.get(path) or text_digest(text)

    def files_carried(self) -> dict[str, str]:
        """What the last site's record says of each file carried over (`site_files`)."""
        recorded = self.record.data.get("files", {})
        dests = (self.built[src][1] for src in self.carried)
        return {dest: recorded[dest] for dest in dests if dest in recorded}

    def offer_static(self, src: str, dest: str) -> bool:
        """Carry a file of the theme or of docs/ over if it is still the one recorded."""
        self.built[src] = (STATIC, dest)
        if self.candidates.get(src) == (STATIC, dest) and carry(
                self.record.site_dir, self.staging, dest, self.folders):
            self.carried.add(src)
            return True
        return False

    def note(self, path: str, record: search.SearchRecord | search.Stored | None, date,
             address: str | None) -> search.Stored | None:
        """What a page MkDocs builds tells the search index (its record as the writer
        reads it, returned: a carried page's is not made again) and the sitemap."""
        stored = _stored(record)
        self.facts[path] = (self.built[path][0], stored, date, address)
        return stored

    def note_hand_written(self, path: str, record: search.SearchRecord | None
                          ) -> search.Stored | None:
        """A hand-written page's search record: the same while the global key is."""
        stored = _stored(record)
        self.facts[path] = (STATIC, stored, None, None)
        return stored


    # What the plugin asks of it: nothing outside this package reads its state.

    def is_carried(self, path: str) -> bool:
        return path in self.carried

    def carried_paths(self) -> list[str]:
        """The generated files carried over (their texts are needed no more), and the
        theme's and docs/ files."""
        return list(self.carried)

    def search_record(self, path: str) -> search.Stored | None:
        """A carried page's search record, the last build's."""
        return self.facts[path][1]

    def sitemap_entry(self, path: str) -> tuple[str | None, str | None]:
        """A carried page's address and date in the sitemap, the last build's."""
        facts = self.facts[path]
        return facts[3], facts[2]

    def last_site(self) -> Path:
        return self.record.site_dir

    def known_record(self, path: str, text: str | bytes | None) -> tuple[bool, object]:
        """(whether the last build's search record of a page holds for it, that record):
        for a generated page (`text`), if its text is the same; for a hand-written page
        (None), if the global key is."""
        known = self.known.get(path)
        if known is None:
            return False, None
        if text is None:
            return known[0] == STATIC, known[1]
        return known[0] == self.digest(path, text), known[1]

    def write(self, site_dir: Path, inputs: str | None) -> None:
        """Record the new site (`write_record`), once it is in place at `site_dir`."""
        write_record(self.record.path, site_dir, inputs, self.key, self.built, self.facts,
                     self.files_carried(), self.record.last_facts)


def _stored(record: search.SearchRecord | search.Stored | None) -> search.Stored | None:
    return search.stored(record) if record is not None else None
