"""`generator build`'s MkDocs build: into a new folder beside the site, swapped in only
when the build succeeded (generator/disk/sitedir.py), carrying over the pages that did
not change (generator/reuse/carry.py)."""

from __future__ import annotations

from pathlib import Path

from mkdocs.commands.build import build
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort, ConfigurationError, PluginError

from generator.disk import sitedir
from generator.mkdocs.internals import errors_kept, quiet_carried
from generator.outputs import search
from generator.reuse import SiteManifest


class BuildFailed(Exception):
    """MkDocs could not build the site; the previous site was left in place."""


def build_site(config_file: Path, pages: dict[str, str | bytes], site_dir: Path,
               strict: bool = True, record: SiteManifest | None = None,
               inputs: str | None = None, digests: dict[str, str] | None = None,
               writer: search.Writer | None = None, spare: list | None = None,
               facts: dict | None = None) -> int:
    """Build into a new folder beside `site_dir`, then swap it in (generator.disk.sitedir).
    With `strict`, MkDocs' own warnings (a broken link in docs/, say) stop the build too.
    With a `record` of the last build, unchanged pages are carried over from it, and the
    new site is recorded (with `inputs`, the fingerprint taken before the run). Returns
    the number of pages carried over. `digests`: the text digests of pages the
    generator's cache knew (carry.text_digest), so that they are not worked out again.
    `writer`: a search index writer started ahead (search.Writer), used or closed.
    `spare`: objects the caller no longer needs, emptied while the writer is waited for.
    `facts`: the typed facts of the pages rendered by the caller (`Result.facts`).

    `pages` (texts, or their UTF-8) is taken over: each page is removed from it once
    its HTML is written, so that a caller that holds no other reference to the texts
    frees them as the build goes (the finished pages are most of the archive's
    bytes)."""
    try:
        staging = sitedir.start(site_dir)
    except sitedir.SiteDirError as exc:
        if writer is not None:
            writer.close()
        raise BuildFailed(str(exc)) from exc
    plugin = None
    try:
        plugin = _build(config_file, staging, strict, pages, facts or {},
                        (record, staging, digests or {}) if record is not None else None,
                        writer, spare)
        previous = sitedir.publish(staging, site_dir)
        # the previous site's files are removed while the new one is recorded
        removing = sitedir.Removal(previous) if previous else None
        try:
            if record is not None:
                plugin.carry.write(site_dir, inputs)
                return sum(1 for path in plugin.carry.carried_paths() if path.endswith(".md"))
            return 0
        finally:
            if removing is not None:
                removing.join()
    finally:
        if spare is not None:
            spare.clear()
        if plugin is not None:
            plugin.search.finish()  # nothing may write into the staging folder after this
            plugin.search.writer, plugin.search.spare = None, []
        if writer is not None:
            writer.close()  # if no index was written
        if staging.exists():
            sitedir.discard(staging)


def _build(config_file: Path, staging: Path, strict: bool, pages: dict, facts: dict,
           carry_from: tuple | None, writer: search.Writer | None, spare: list | None):
    """MkDocs' build of `pages` into `staging`; its archive plugin, or BuildFailed."""
    errors: list[str] = []
    try:
        config = load_config(config_file, staging, strict)
        plugin = config.plugins["archive"]
        plugin.take_pages(pages, facts, carry_from, writer,
                          spare if spare is not None else [])
        with quiet_carried(plugin), errors_kept() as errors:
            build(config)
    except Abort as exc:
        # MkDocs logs a plugin's or a page's error, then aborts with no reason given
        raise BuildFailed("; ".join(errors) or str(exc) or "Abort") from exc
    except (ConfigurationError, PluginError) as exc:
        raise BuildFailed(str(exc) or type(exc).__name__) from exc
    except Exception as exc:  # a theme or extension error must not escape as a traceback
        raise BuildFailed(f"{type(exc).__name__}: {exc}") from exc
    return plugin


def site_key(config_file: Path) -> str:
    """The global key of a build with this configuration (carry.global_key)."""
    config = load_config(config_file, config_file.parent / "site", False)
    config.plugins["archive"].serving = False  # a build's, whatever the process did before
    config.plugins.on_config(config)
    return config.plugins["archive"].site_key


def load_config(config_file: Path, site_dir: Path, strict: bool) -> MkDocsConfig:
    from mkdocs.config import load_config

    try:
        config = load_config(str(config_file), site_dir=str(site_dir), strict=strict)
    except ConfigurationError:
        raise
    if "archive" not in config.plugins:
        raise ConfigurationError(f"{config_file}: the 'archive' plugin is not enabled")
    return config
