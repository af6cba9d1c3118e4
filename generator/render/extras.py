"""Site-wide pages beyond the indexes: the actor network and the open-data documentation."""

from __future__ import annotations

from generator import urls
from generator.model import CC_BY_4, Licence, Site
from generator.outputs import charts, jsonld, network
from generator.outputs.export import (
    DATAPACKAGE,
    REGISTRY,
    TABLES,
    files,
    part_path,
    parts,
    row_counts,
)
from generator.render import listing, ranking, records
from generator.render import text as t
from generator.render.links import Links
from generator.render.markup import Body, code_spans, e, external, strong, table

STRONGEST = 15
PAIRS = "network/pairs"  # the folder of the pages ranking every pair, when that is long


def render_network(site: Site, base_url: str = "") -> list[tuple[str, Body]]:
    page = urls.NETWORK
    links = Links(site, page)
    drawn = network.site_network(site, lambda a: links.url(urls.actor(a)))
    updated = listing.site_updated(site) or ""
    body = Body(records.values(records.Page(title="Network", kind="index",
                                            updated=updated)), links)
    body.h(1, "Network of actors")
    body.p(_drawn(drawn) + " Circle size shows articles, line width shared articles; "
           "select a name to open its page. Each actor page shows its own neighbourhood.")
    if drawn.nodes:
        body.add(charts.html_block("archive-network archive-network--site", charts.network_chart(
            drawn.nodes, drawn.edges, "Co-occurrence network of the most-named actors",
            size=(760, 560)), "Scroll sideways to see the whole network.",
            caption_class="archive-network__scroll-hint"))
        body.add(charts.legend(n.type for n in drawn.nodes))
    if not drawn.pairs:
        return [(page, body)]
    pairs = ranking.Ranking(
        ranking.ranked(drawn.pairs, [(p.count, p.main, p.one_main) for p in drawn.pairs]),
        "pairs of the most-named actors", PAIRS,
        "Network: every pair of the most-named actors")
    body.h(2, "Strongest links")
    body.p("The pairs of these actors, ranked by the articles they share; where those are "
           "equal, by the articles in which both, then one, are main subjects. Equal ranks "
           "share a number.")
    body.add(ranking.numbered(links, pairs.items[:STRONGEST], _pair_row))
    ranking.more(body, pairs, STRONGEST, _pair_row)
    return [(page, body), *ranking.pages(site, pairs, (page, "Network"), _pair_row, updated,
                                         base_url)]


def _drawn(drawn: network.Network) -> str:
    """What the picture shows, exactly."""
    actors = t.plural(len(drawn.nodes), "actor")
    if len(drawn.edges) == len(drawn.pairs):
        return (f"The {actors} named in the most articles, with a line between each two "
                f"named in the same articles ({t.plural(len(drawn.pairs), 'pair')}).")
    left = len(drawn.pairs) - len(drawn.edges)
    return (f"The {actors} named in the most articles, with a line between each two named "
            f"together in at least {t.plural(drawn.least, 'article')} "
            f"({len(drawn.edges)} of the {len(drawn.pairs)} pairs named together); the "
            f"{t.plural(left, 'pair')} named together in fewer are not drawn, and are "
            "ranked below with the others.")


def _pair_row(links: Links, pair: network.Pair) -> str:
    return (f"{links.actor(pair.a)} and {links.actor(pair.b)} — "
            f"{t.plural(pair.count, 'shared article')}"
            f"{ranking.main_subjects(pair.count, pair.main, pair.one_main)}")


DATA_ABOUT = ("Everything in the archive, as JSON (an array of objects) and CSV (one header "
              "row; a list is written as a JSON array in one cell, an empty cell is null). "
              "The tables that grow with the articles are written one file per year of "
              "publication. The files are rebuilt with the site, so they always match its "
              "pages. Article texts are on the article pages; the files hold summaries and "
              "links.")


def _formats(links: Links, name: str, part: str) -> str:
    return (f'<a href="{links.to(part_path(name, part, "json"))}">JSON</a> · '
            f'<a href="{links.to(part_path(name, part, "csv"))}">CSV</a>')


def _files_cell(links: Links, site: Site, name: str) -> str:
    """The overview's files of one table: both formats, or where its yearly files are."""
    found = parts(site, name)
    if found == [""]:
        return _formats(links, name, "")
    years = [p for p in found if p != REGISTRY]
    return f'<a href="{links.here(name)}">one per year ({len(years)})</a>'


def _yearly_files(body: Body, links: Links, site: Site, name: str) -> None:
    """A table's files one per year, newest first, if it is written so."""
    found = parts(site, name)
    if found == [""]:
        return
    registry = (f", and <code>data/{name}/{REGISTRY}.*</code> for the relations no article "
                "makes" if REGISTRY in found else "")
    body.p(f"{strong('Files:')} one per year of publication, "
           f"<code>data/{name}/&lt;year&gt;.json</code> and <code>.csv</code>{registry}.")
    body.add(table(("Year", "Files"), (
        ("registry" if part == REGISTRY else part, _formats(links, name, part))
        for part in found)))


def render_data_page(site: Site, base_url: str = "", site_name: str = "Archive",
                     licence: Licence = CC_BY_4) -> tuple[str, Body]:
    page = urls.DATA
    links = Links(site, page)
    body = Body(records.values(records.Page(
        title="Open data", kind="index", updated=listing.site_updated(site) or "",
        jsonld=jsonld.dataset_ld(site, base_url, site_name, licence,
                                 [(path, media) for _, _, path, _, media in files(site)],
                                 DATA_ABOUT))), links)
    licence_name = licence.name + (f" ({licence.id})" if licence.id else "")
    body.h(1, "Open data")
    body.p(e(DATA_ABOUT))
    body.p(f"{strong('Licence:')} the data is published under "
           f"{external(licence_name, licence.url)}. "
           f'<a href="{links.to(DATAPACKAGE)}">datapackage.json</a> describes every file, '
           "with its licence and the types of the CSV columns, as a "
           f"{external('Frictionless Data Package', 'https://datapackage.org/')}.")
    body.p(f'Atom feeds: the <a href="{links.to(urls.FEED_ALL)}">whole site</a>, and '
           "<code>feeds/actors/&lt;id&gt;.xml</code> and <code>feeds/topics/&lt;id&gt;.xml</code> "
           "for each actor and topic (linked from their pages).")
    counts = row_counts(site)
    # three columns, the files in one: the table fits a phone's width
    body.add(table(("Table", "Rows", "Files"), (
        (f'<a href="{links.here(name)}">{name}</a>', f"{counts[name]:,}",
         _files_cell(links, site, name))
        for name in TABLES)))
    for name, (about, columns) in TABLES.items():
        body.h(2, e(name))
        body.p(code_spans(about))
        _yearly_files(body, links, site, name)
        body.add(table(("Field", "Type", "Meaning"), (
            (f"<code>{e(c)}</code>", e(kind), e(meaning)) for c, kind, meaning in columns)))
    return page, body
