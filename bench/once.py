"""One alternated run at one corpus size, for a loaded machine:
    python -m bench.once /dev/shm/news-archive-bench/corpus-10000

The rows of `bench.run` that the targets of issue #10 need, each measured once, one
build after the other: the generator's stages (`bench.stages`), `generator build`,
Pelican, Hugo and the chrome floor (no bare `mkdocs build`, no re-runs). The corpus
folder is one that `bench.run` made (with its Pelican venv beside it). Prints JSON.
"""

from __future__ import annotations

import json
import os
import shutil
import statistics
import sys
from pathlib import Path

from bench import peers as peer
from bench.run import PEER_ENV, PY, _run, article_page_sizes, bare_config


def main(repo: Path) -> dict:
    res: dict = {"load_start": os.getloadavg()}
    out = repo / "generated"
    shutil.rmtree(out, ignore_errors=True)
    _, rss, stdout = _run([PY, "-m", "bench.stages", "--config", "site_config.yml",
                           "--out", str(out)], repo)
    timings = json.loads(stdout)["timings"]
    res.update(stages=timings, gen_total=sum(timings.values()), stages_rss=rss)
    site = repo / "site"
    shutil.rmtree(site, ignore_errors=True)
    wall, rss, _ = _run([PY, "-m", "generator", "build", "--no-cache", "--site-dir", str(site)],
                        repo)
    res.update(build_e2e=wall, build_rss=rss)
    pelican, _ = peer.ensure_pelican(repo.parent)
    hugo, _ = peer.ensure_hugo()
    builds = []
    if pelican:
        peer.to_pelican(repo, repo / "peer-pelican")
        builds.append(("pelican", repo / "peer-pelican" / "output",
                       [str(pelican), "content", "-s", "pelicanconf.py", "-o", "output", "-q"]))
    if hugo:
        peer.to_hugo(repo, repo / "peer-hugo")
        builds.append(("hugo", repo / "peer-hugo" / "public",
                       [str(hugo), "--quiet", "-d", "public"]))
    for key, output, cmd in builds:
        shutil.rmtree(output, ignore_errors=True)
        wall, rss, _ = _run(cmd, output.parent, PEER_ENV)
        res.update({key: wall, f"{key}_rss": rss})
    docs, chrome_docs, chrome_site = repo / "bare-docs", repo / "chrome-docs", repo / "site-chrome"
    for folder in (docs, chrome_docs, chrome_site):
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(out, docs)
    for item in (repo / "docs").iterdir():
        (shutil.copytree if item.is_dir() else shutil.copy)(item, docs / item.name)
    peer.one_line_bodies(docs, chrome_docs)
    chrome = bare_config(repo, chrome_docs, chrome_site, "chrome_mkdocs.yml", search=False)
    wall, rss, _ = _run([PY, "-m", "mkdocs", "build", "-q", "-f", str(chrome)], repo)
    res.update(chrome=wall, chrome_rss=rss)
    sizes = article_page_sizes(site)
    res.update(article_kb=statistics.mean(sizes) / 1024, article_kb_max=max(sizes) / 1024,
               mkdocs_phase=res["build_e2e"] - res["gen_total"], load_end=os.getloadavg())
    res["phase_chrome"] = res["mkdocs_phase"] / res["chrome"]
    for key, *_ in builds:
        res[f"vs_{key}"] = res["build_e2e"] / res[key]
    return res


if __name__ == "__main__":
    if len(sys.argv) != 2:
        raise SystemExit("usage: python -m bench.once CORPUS_FOLDER")
    print(json.dumps(main(Path(sys.argv[1])), indent=1))
