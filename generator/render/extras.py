"""Site-wide pages beyond the indexes: the actor network and the open-data documentation."""

from __future__ import annotations

from generator import urls
from generator.model import CC_BY_4, Licence, Site
from generator.outputs import charts, jsonld, network
from generator.outputs.export import DATAPACKAGE, TABLES, files
from generator.render import listing, records
from generator.render import text as t
from generator.render.links import Links

STRONGEST = 15


def render_network(site: Site) -> tuple[str, str]:
    page = urls.NETWORK
    links = Links(site, page)
    nodes, edges = network.site_network(site, lambda a: urls.href(page, urls.actor(a)))
    meta = records.front_matter(records.Page(title="Network", kind="index",
                                             updated=listing.site_updated(site) or ""))
    out = [meta, "# Network of actors\n",
           f"The {len(nodes)} actors named in the most articles, linked when they appear in "
           "the same articles. Circle size shows articles, line width shared articles; "
           "select a name to open its page. Each actor page shows its own neighbourhood.\n"]
    if nodes:
        out.append(charts.html_block("archive-network archive-network--site", charts.network_svg(
            nodes, edges, "Co-occurrence network of the most-named actors", size=(760, 560))))
        out.append(charts.legend())
    if edges:
        out.append("## Strongest links\n")
        out.append("| Actors | Shared articles |\n|---|---|")
        for edge in sorted(edges, key=lambda e: (-e.weight, e.a, e.b))[:STRONGEST]:
            out.append(f"| {links.actor(edge.a)} and {links.actor(edge.b)} | {edge.weight} |")
        out.append("")
    return page, "\n".join(out).rstrip() + "\n"


DATA_ABOUT = ("Everything in the archive, as JSON (an array of objects) and CSV (one header "
              "row; a list is written as a JSON array in one cell, an empty cell is null). "
              "The files are rebuilt with the site, so they always match its pages. Article "
              "texts are on the article pages; the files hold summaries and links.")


def render_data_page(site: Site, base_url: str = "", site_name: str = "Archive",
                     licence: Licence = CC_BY_4) -> tuple[str, str]:
    page = urls.DATA
    links = Links(site, page)
    meta = records.front_matter(records.Page(
        title="Open data", kind="index", updated=listing.site_updated(site) or "",
        jsonld=jsonld.dataset_ld(site, base_url, site_name, licence,
                                 [(path, media) for _, path, _, media in files()],
                                 DATA_ABOUT)))
    licence_name = licence.name + (f" ({licence.id})" if licence.id else "")
    out = [meta, "# Open data\n",
           DATA_ABOUT + "\n",
           f"**Licence:** the data is published under {t.external(licence_name, licence.url)}. "
           f"[datapackage.json]({links.to(DATAPACKAGE)}) describes every file, with its "
           "licence and the types of the CSV columns, as a "
           f"{t.external('Frictionless Data Package', 'https://datapackage.org/')}.\n",
           "Atom feeds: the [whole site]("
           f"{links.to(urls.FEED_ALL)}), and `feeds/actors/<id>.xml` and "
           "`feeds/topics/<id>.xml` for each actor and topic (linked from their pages).\n",
           "| Table | Rows | JSON | CSV |", "|---|---|---|---|"]
    counts = {"articles": len(site.articles), "actors": len(site.actors),
              "topics": len(site.topics),
              "quotes": sum(len(a.quotes) for a in site.articles)}
    for name in TABLES:
        rows = counts.get(name, "see file")
        out.append(f"| [{name}](#{name}) | {rows} | "
                   f"[{name}.json]({links.to(urls.data_file(name + '.json'))}) | "
                   f"[{name}.csv]({links.to(urls.data_file(name + '.csv'))}) |")
    out.append("")
    for name, (about, columns) in TABLES.items():
        out.append(f"## {name}\n")
        out.append(about + "\n")
        out.append("| Field | Type | Meaning |\n|---|---|---|")
        out.extend(f"| `{c}` | {t.text(kind)} | {t.text(meaning)} |"
                   for c, kind, meaning in columns)
        out.append("")
    return page, "\n".join(out).rstrip() + "\n"
