"""The archive plugin: MkDocs' events, translated into a build's (generator/build.py).

`mkdocs build|serve -f site_config.yml` runs the generator through this plugin; the pages
are handed to MkDocs in memory, so nothing is written into a watched folder.
`generator build` builds through it too (generator/mkdocs/site.py).
"""

from __future__ import annotations

import logging
from dataclasses import fields
from functools import partial
from pathlib import Path

from mkdocs.config import config_options
from mkdocs.config.base import Config
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import ConfigurationError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.toc import get_toc

from generator import urls
from generator.disk.spool import Used
from generator.mkdocs import icons, repeated
from generator.mkdocs.htmlspace import squeeze
from generator.mkdocs.internals import CarriedFilter, SiteFiles, quiet_loggers, render_nothing
from generator.mkdocs.pagefiles import GeneratedFiles, as_text, parse_page
from generator.mkdocs.runs import Runs
from generator.mkdocs.searching import SiteSearch
from generator.mkdocs.sitemap import Sitemap, as_xml, sitemap_date
from generator.mkdocs.themefiles import CompiledTemplates, ThemeListing
from generator.mkdocs.watcher import use_native_events
from generator.mkdocs.writers import PageWriters
from generator.outputs import search
from generator.reuse import CACHE_DIR, SEARCH, Carry, global_key
from generator.settings import TOP_LEVEL, ConfigError, Settings, settings_from

log = logging.getLogger("mkdocs.plugins.archive")
# For hand-written pages, named for Python-Markdown to import when MkDocs first converts
# one: a `build` with nothing to do loads the plugin, not the renderers.
EXTERNAL_LINKS = "generator.render.extlinks:ExternalLinksExtension"

# Accepts every generator setting; `generator.settings` validates their values.
_Options = type("_Options", (Config,), {
    f.name: config_options.Optional(config_options.Type(object))
    for f in fields(Settings)
    if f.name not in TOP_LEVEL
})


class ArchivePlugin(BasePlugin[_Options]):
    def __init__(self) -> None:
        self.settings: Settings | None = None
        self.preset_pages: dict[str, str | bytes | memoryview] | None = None
        self.pages: dict[str, str] = {}
        # pages whose body is handed to MkDocs only while the page is written
        self.finished: set[str] = set()
        # (metadata, search record) of pages known before MkDocs reads them
        self.parsed: dict[str, tuple[dict, search.SearchRecord | None]] = {}
        self.preset_facts: dict = {}  # `build_site`'s pages' facts
        self.release = False  # whether a page's text is dropped once its HTML is written
        self.search = SiteSearch(self._search_places)  # every page's record, the index
        self.generated = GeneratedFiles()  # the pages as MkDocs' Files
        self.serving = False
        # carrying unchanged pages over from the last build (set by `build_site`), and
        # what from: (the last build's record, the new site's folder, text digests known)
        self.carry: Carry | None = None
        self.carry_from: tuple | None = None
        self.site_key = ""  # what every page shares (carry.global_key), from on_config
        self.runs = Runs()  # the generator's builds, and what they reuse
        self.compiled: CompiledTemplates | None = None  # a live preview's compiled templates
        self.theme_listing = ThemeListing()  # the theme's files, kept by a live preview
        self.quiet: CarriedFilter | None = None  # a live preview's, while it runs
        self.sitemap = Sitemap()
        self.nav = None  # the site's navigation, from on_nav
        self.writers = PageWriters()  # the processes writing pages beside MkDocs' loop
        self.used = Used()  # the texts of pages written, whose memory is let go of

    def take_pages(self, pages: dict, facts: dict, carry_from: tuple | None, writer,
                   spare: list) -> None:
        """For `generator build` (generator/mkdocs/site.py): MkDocs' next build takes
        these pages, dropping each once written, carries unchanged pages over from
        `carry_from` (the last build's record, the new site's folder, text digests known),
        and writes the search index with `writer`, emptying `spare` meanwhile."""
        self.preset_pages, self.preset_facts, self.release = pages, facts, True
        # nothing of an earlier build in this process (its records, say) may be taken
        self.search = SiteSearch(self._search_places)
        self.serving = False
        self.search.writer, self.search.spare = writer, spare
        # MkDocs keeps one plugin instance per process (for `serve`): set, not add
        self.carry, self.carry_from = None, carry_from

    def on_startup(self, *, command: str, dirty: bool) -> None:
        # the first event of a session: which one (a build, a preview, a dirty preview
        # keeping its pages in a private folder: pagefiles.py); MkDocs keeps one plugin
        # instance per process, so nothing of an earlier session's pages may be taken
        self.preset_pages, self.release, self.carry, self.carry_from = None, False, None, None
        self.preset_facts = {}
        self.generated.start(dirty_preview=command == "serve" and dirty)
        self.sitemap.forget()
        # `mkdocs serve` runs a server and a watcher thread; forking a process that has
        # threads can copy a lock held by one of them, so pages are made in this process.
        self.serving = command == "serve"
        if self.serving and self.search.later is None:
            self.search.preview()
            self.compiled = CompiledTemplates()
        if self.serving and self.quiet is None:
            self.quiet = CarriedFilter(self)
            quiet_loggers(self.quiet, add=True)
            if dirty:
                log.info("archive plugin: each save rebuilds the pages whose text changed")

    def on_shutdown(self) -> None:
        # the session is over: what it kept between builds goes
        self.runs.unfreeze()
        if self.quiet is not None:
            quiet_loggers(self.quiet, add=False)
            self.quiet = None
        self.search.close()
        self.generated.close()

    def on_serve(self, server, config: MkDocsConfig, builder):
        # before MkDocs watches config.watch (content/): those go to the new observer
        use_native_events(server)
        return server

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        # the first event with the configuration: the generator's settings are read here
        options = {k: v for k, v in self.config.items() if v is not None}
        root = Path(config.config_file_path).resolve().parent
        try:
            self.settings = settings_from(root, dict(config), options)
        except ConfigError as exc:
            raise ConfigurationError(f"archive plugin: {exc}") from exc
        if not config.use_directory_urls:
            raise ConfigurationError("archive plugin: use_directory_urls must be true")
        # for hand-written pages; generated ones are finished by the generator
        config.markdown_extensions.append(EXTERNAL_LINKS)
        content = str(self.settings.content_path)
        if content not in config.watch:
            config.watch.append(content)
        theme_dir = config.theme.custom_dir
        config.theme.get_env = self.theme_listing.wrap(
            config.theme.get_env, list(config.theme.dirs), theme_dir,
            tuple(config.theme.static_templates), keep=self.serving)
        if self.serving:
            return config  # a live preview carries nothing over: no global key needed
        self.site_key = global_key(
            Path(config.config_file_path), Path(theme_dir) if theme_dir else None,
            Path(config.docs_dir), {**{k: config.get(k) for k in _SHARED},
                                    "theme": [config.theme.name, config.theme.dirs,
                                              dict(config.theme)],
                                    "plugins": list(config.plugins)})
        if self.carry_from is not None:
            record, staging, digests = self.carry_from
            self.carry = Carry(record, staging, self.site_key, digests)
        return config

    def on_files(self, files: Files, config: MkDocsConfig) -> Files:
        # MkDocs lists the hand-written pages and theme files: the generated ones join them
        pages, facts = self.preset_pages, self.preset_facts
        if pages is None:
            pages = self.runs.pages(self.settings, self.serving)
            facts = self.runs.facts
        self.pages = pages
        self.finished = set()
        # what the build made typed is not read back from its text
        self.parsed = {path: (dict(f.meta), f.record) for path, f in facts.items()}
        self.search.finish()  # an earlier build's, if it left one
        for gone in set(self.search.records) - set(pages) - {f.src_uri for f in files}:
            del self.search.records[gone]
        from generator.render.text import read_front_matter

        home = self.parsed.get(urls.HOME) or (
            read_front_matter(as_text(pages[urls.HOME])) if urls.HOME in pages else None)
        updated = home[0].get("updated") if home else None
        self.sitemap.newest = updated if isinstance(updated, str) else ""
        if self.carry is not None:
            # the theme's and docs/ files as they were (the global key covers them all):
            # linked from the last site, not copied
            for file in files:
                if not file.is_documentation_page() and self.carry.offer_static(
                        file.src_uri, file.dest_uri):
                    file.inclusion = InclusionLevel.EXCLUDED
        made = self.generated.files(pages, files, config)
        if self.carry is not None and not self.serving:
            self.search.start_early(self.carry, files, made, pages, self.parsed,
                                    Path(config.site_dir))
        self._add_generated(made, pages, files)
        return SiteFiles(files)  # MkDocs' files as the plugin hands them over

    def _add_generated(self, made: list[File], pages: dict, files: Files) -> None:
        """Add the generated Files to MkDocs', but those carried over from the last site.
        A text may come as UTF-8 (`Build.pages(undecoded=True)`): decoded only while
        its page is read and written (`as_text`)."""
        for file in made:
            path = file.src_uri
            text = pages[path]
            carried = self.carry is not None and self.carry.offer(path, text, file.dest_uri)
            if carried:
                if not path.endswith(".md"):
                    continue  # a feed or an export as it was: MkDocs copies nothing
                # A page as it was: MkDocs neither reads nor writes it, but knows its
                # address (a hand-written page may link to it); its search record and
                # sitemap date are the last build's.
                file.inclusion = InclusionLevel.EXCLUDED
                record = self.carry.search_record(path)
                if record is not None:
                    self.search.records[path] = record
            files.append(file)
        if self.carry is not None and self.release:
            for path in self.carry.carried_paths():
                pages.pop(path, None)  # nothing more is needed of their texts

    def on_nav(self, nav, config: MkDocsConfig, files: Files):
        # the page writers forked in on_env hand it to MkDocs' page build
        self.nav = nav
        return nav

    def on_pre_page(self, page, config: MkDocsConfig, files: Files):
        # before MkDocs renders a page: a generated one needs no rendering
        if page.file.generated_by and page.file.src_uri in self.pages:
            # The body is the generator's (on_page_content): MkDocs' Markdown conversion
            # of the empty text would set up a converter for nothing.
            page.render = partial(render_nothing, page)
        return page

    def on_page_markdown(self, markdown: str, page, config: MkDocsConfig, files: Files) -> str:
        # A generated page is finished (generator/render/finish.py): MkDocs gets its
        # metadata here and its HTML body in `on_page_content`, and converts nothing.
        src = page.file.src_uri
        parsed = self.parsed.pop(src, None)  # known typed, or read for the search index
        if parsed is None:
            text = self.pages.get(src) if page.file.generated_by else None
            parsed = parse_page(as_text(text), page.url) if text is not None else None
            if parsed is None:
                return markdown
        meta, record = parsed
        self.finished.add(src)
        # the record kept as the writer reads it, made once: a live preview's background
        # thread hands every record to the writer after each save, and encoding them
        # all each time held the interpreter from the next rebuild
        if self.carry is not None:
            record = self.carry.note(src, record, sitemap_date(meta), page.canonical_url)
        elif record is not None:
            record = search.stored(record)
        if record is not None:
            self.search.records[src] = record
        page.meta = meta
        return ""

    def on_env(self, env, config: MkDocsConfig, files: Files):
        # every page is read and converted, none written yet
        if self.compiled is not None:  # a preview's next build compiles nothing again
            env.bytecode_cache = self.compiled  # (in memory: no cache file holds code)
        repeated.install(env, self.nav, config)  # before any page is written
        icons.write_sprite(icons.install(env, config), config.site_dir)
        # every page is known now: the sitemap template lists them all
        sitemap = self.sitemap.entries(files, config, self.carry, self.generated.excluded,
                                       self.serving)
        env.globals["archive_sitemap_xml"] = as_xml(sitemap)
        # a save that adds, removes or re-dates no page leaves the sitemap as it is
        if self.serving and self.sitemap.unchanged(sitemap, Path(config.site_dir)):
            config.theme.static_templates.discard("sitemap.xml")
        if not self.serving:  # shared among processes, forked before any thread starts
            self.writers.start(files, self.nav, config, env, self.settings.worker_count,
                               self.pages if self.release else None)
        if not self.search.started():  # every record is made: the index is written
            self.search.start(Path(config.site_dir))
        return env

    def on_build_error(self, *, error: Exception) -> None:
        # a failed build: nothing of it may be taken by the next
        self.writers.stop()
        self.search.finish()
        # which pages this build wrote is unknown: the next one makes them all again
        self.generated.forget()
        self.sitemap.forget()

    def on_page_content(self, html: str, page, config: MkDocsConfig, files: Files) -> str:
        # a hand-written page's HTML is known now; a generated page waits for on_page_context
        if page.file.src_uri not in self.finished:
            # a hand-written page: its record is made from the HTML MkDocs just converted
            record = None
            if not (page.meta.get("search") or {}).get("exclude"):
                from generator.render.finish import search_sections

                record = search.doc_record(page.url, page.title or "", search_sections(html))
            if self.carry is not None:
                record = self.carry.note_hand_written(page.file.src_uri, record)
            elif record is not None:
                record = search.stored(record)
            if record is not None:
                self.search.records[page.file.src_uri] = record
            return html
        return ""  # the body comes in on_page_context

    def on_page_context(self, context, page, config: MkDocsConfig, nav):
        # just before the page is written, by whichever process writes it: its table of
        # contents, and its body, held only while it is
        src = page.file.src_uri
        if src in self.finished:
            from generator.render.text import page_body

            page.toc = get_toc(page.meta.get("toc") or [])
            page.content = page_body(as_text(self.pages[src]))
        return context

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        # every page is written here: those written by other processes, the search
        # index and the sitemap's stamp follow
        self.writers.join()
        if self.serving:
            self.runs.freeze()
        # a live preview's after the page reload (generator/mkdocs/later.py)
        self.search.write(Path(config.site_dir))
        if not self.serving:  # a preview's sitemap.xml.gz may carry the day: not published
            self.sitemap.stamp(Path(config.site_dir))

    def _search_places(self, site: Path) -> tuple[Path | None, Path | None]:
        """Where the index writer keeps its analyses of pages between runs (beside the
        generator's caches, for `generator build` unless --no-cache and a live preview),
        and the index they describe, whose unchanged excerpt files the new one links:
        the last site's (a build writes into a new folder), or the one a live preview
        is about to replace."""
        if self.carry is not None:
            return (self.settings.root / CACHE_DIR / SEARCH,
                    self.carry.last_site() / search.FOLDER)
        if self.serving and self.settings is not None:
            return self.settings.root / CACHE_DIR / SEARCH, site / search.FOLDER
        return None, None

    def on_post_page(self, output: str, page, config: MkDocsConfig) -> str:
        # Every page, ours or not: the indentation comes from Material's templates.
        src = page.file.src_uri
        if src in self.finished:
            page.content = None  # written: the body need not stay in memory
            self.used.add(self.pages[src])
            if self.release:
                del self.pages[src]
        return squeeze(output)


_SHARED = ("site_name", "site_url", "site_description", "site_author", "repo_url",
           "repo_name", "edit_uri", "copyright", "extra", "nav", "not_in_nav", "extra_css",
           "extra_javascript", "markdown_extensions", "mdx_configs")


