"""Command line: `python -m generator check | generate | build | changes | new | schema`.

Exit codes: 0 clean, 1 content errors, 2 usage or configuration errors.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import console
from generator.diagnostics import GENERATOR, command
from generator.settings import ConfigError, load_settings

# A build (generator/build.py) is imported by the commands that run one: a `generate`
# with nothing to do answers from its stamp without loading it, which is most of the
# time of such a run.

EXIT_OK, EXIT_CONTENT, EXIT_USAGE = 0, 1, 2


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog=GENERATOR,
                                description="Check content and build the archive site.")
    p.add_argument("-f", "--config", default="site_config.yml", type=Path,
                   help="the site configuration (default: site_config.yml)")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND")

    check = sub.add_parser("check", help="validate content only")
    check.add_argument("--base", metavar="REVISION", default=None,
                       help="also report entry addresses published at this git revision "
                       "(e.g. origin/main) that the content would drop (W801)")
    check.add_argument("-v", "--verbose", action="store_true",
                       help="also list the files under content/ that are left unread "
                       "(content/notes/, hidden files, editors' backups), and what "
                       "maintainers may fill in: roles and affiliations without a source "
                       "(I704)")
    _caching(check)
    _reporting(check)

    generate = sub.add_parser("generate", help="write the generated Markdown tree")
    generate.add_argument("--out", required=True, type=Path, help="output folder")
    _caching(generate)
    _reporting(generate)

    build = sub.add_parser("build", help="generate and build the site")
    build.add_argument("--site-dir", type=Path, default=None,
                       help="where to build the site (default: site_dir of the config)")
    _caching(build)
    _reporting(build)

    _changes_parser(sub)
    _new_parser(sub)

    schema = sub.add_parser("schema", help="write the JSON Schemas of front matter",
                            description="Write schemas/<kind>.schema.json from the same "
                            "definitions that `check` uses.")
    schema.add_argument("--out", type=Path, default=None,
                        help="output folder (default: schemas/ beside the config)")
    schema.add_argument("--check", action="store_true",
                        help="write nothing; exit 1 if the files differ from the definitions")
    return p


def _changes_parser(sub) -> None:
    changes = sub.add_parser(
        "changes", help="list the site pages a change of content adds, changes and removes",
        description="Make the site of two versions of the content in memory and list the "
        "pages and files that differ (title and address), grouped by articles, actors, "
        "topics and the rest. The versions are two content folders (OLD NEW), or the "
        "content at a git revision (--base) and the working tree's (or --head's). "
        "Diagnostics go to standard error; the list alone to standard output.")
    changes.add_argument("folders", nargs="*", type=Path, metavar="CONTENT_DIR",
                         help="two content folders, the old then the new")
    changes.add_argument("--base", metavar="REVISION", default=None,
                         help="the old version: the content at this git revision "
                         "(e.g. origin/main)")
    changes.add_argument("--head", metavar="REVISION", default=None,
                         help="the new version: the content at this git revision "
                         "(default: the working tree's content)")
    changes.add_argument("--format", choices=("text", "markdown", "json"), default="text",
                         help="text for a terminal, markdown for a job summary, json for "
                         "scripts (default: text)")
    changes.add_argument("--limit", type=_count, default=None, metavar="N",
                         help="list at most N pages per group and kind of change, 0 for "
                         "all (default: 50 for markdown, all otherwise; json lists all)")


def _new_parser(sub) -> None:
    new = sub.add_parser("new", help="write a skeleton article, actor or topic to fill in",
                         description="Write a skeleton file under content/; never overwrites.")
    new.add_argument("kind", choices=("article", "actor", "topic"))
    new.add_argument("slug", help="the id, e.g. hun-sen (lowercase letters, digits, hyphens)")
    new.add_argument("--name", "--title", dest="name", default=None,
                     help="the actor's or topic's name, or the article's headline")
    new.add_argument("--type", dest="actor_type", default=None,
                     help="for an actor, required: person, country, organization or group "
                     "(asked for when run in a terminal without it)")
    new.add_argument("--date", type=_date, default=None,
                     help="for an article: its date, YYYY-MM-DD (default: today)")


def _date(text: str):
    import datetime as dt

    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date YYYY-MM-DD") from exc


def _caching(p: argparse.ArgumentParser) -> None:
    p.add_argument("--cache", action=argparse.BooleanOptionalAction, default=True,
                   help="reuse and update the caches in .cache/ so that only what changed "
                   "is parsed, rendered and built (default); --no-cache: a cold build that "
                   "neither reads nor writes them")


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"'{text}' is not a number of pages (0 or more)")
    return int(text)


def _reporting(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "github", "json"), default="text",
                   help="how to print problems (default: text)")
    p.add_argument("--strict", action=argparse.BooleanOptionalAction, default=None,
                   help="treat warnings as errors, or not (default: `strict` in the config, "
                   "which site_config.yml sets to true)")


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        console.say(f"configuration error: {exc}")
        return EXIT_USAGE
    if getattr(args, "strict", False) is None:
        args.strict = settings.strict
    try:
        return COMMANDS[args.command](args, settings)
    except KeyboardInterrupt:
        if args.command == "generate":
            console.say("interrupted; some pages may have been rewritten already: run "
                        "generate again to finish (it removes only files it wrote)")
        else:
            console.say("interrupted; nothing was replaced")
        return 130
    except BrokenPipeError:  # e.g. `check | head`: the reader left, nothing to report
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_CONTENT


def _report(args, result, unread=None) -> bool:
    diagnostics = result.report.diagnostics
    if getattr(args, "verbose", False):
        diagnostics = sorted(diagnostics + result.report.details)
    diagnostics = console.effective(diagnostics, args.strict)
    console.write(diagnostics, args.format, sys.stdout, unread)
    return result.ok(args.strict)


def cmd_check(args, settings) -> int:
    from generator.build import Build
    from generator.reuse import CACHE_DIR, Mode, Reuse
    from generator.source.history import History

    # The pages are made as a build makes them, for the problems only they show (E503):
    # with the build's cache, a check after an edit makes only what the edit changed.
    reuse = Reuse(Mode.WARM, settings.root / CACHE_DIR) if args.cache else None
    # The content at --base (else at HEAD, in a git checkout): read only if needed, for
    # references to entries that are gone and for the addresses of --base.
    with History(settings.root, settings.content_dir, args.base) as history:
        # (what the cache found, a damaged file say, is left to the builds to tell:
        # it costs a check time, never a result)
        result = Build(settings, reuse, history).checked()
        if args.base and result.site is not None:
            problem = _compare_addresses(args.base, settings, result, history)
            if problem:
                console.say(f"error: {problem}")
                return EXIT_USAGE
        if args.base and history.problem:
            console.say(f"note: the content at {args.base} could not be read: "
                        f"{history.problem}")
    unread = None
    if args.verbose:
        from generator.source.load import unread_files

        unread = unread_files(settings)
    return EXIT_OK if _report(args, result, unread) else EXIT_CONTENT


def _compare_addresses(base: str, settings, result, history) -> str:
    """W801 for addresses of `base` that the content drops; a message if it cannot."""
    import dataclasses

    from generator.build import Build
    from generator.outputs import addresses

    tree = history.tree()
    if tree is None:
        return (f"{history.problem}; fetch it first (git fetch origin main) or name "
                "another --base")
    before = Build(dataclasses.replace(settings, root=tree)).model()
    if before.site is None:
        console.say(f"note: the content at {base} has errors of its own; its addresses "
                    "were not compared")
        return ""
    addresses.compare(before.site, result.site, settings.root, base, result.report)
    return ""


def cmd_generate(args, settings) -> int:
    from generator.reuse import forget_stamp, inputs_fingerprint, record_stamp, recorded_pages

    inputs = inputs_fingerprint(settings.content_path, args.config)
    pages = recorded_pages(args.out, inputs)
    if pages is not None:
        console.say(f"{pages} pages: 0 written, {pages} unchanged, 0 removed "
                    "(nothing changed since the last clean run)")
        return EXIT_OK
    from generator.brokenlinks import report_broken
    from generator.build import Build
    from generator.disk.emit import EmitError, emit
    from generator.render import LinkError, PageCollision
    from generator.reuse import CACHE_DIR, Mode, Reuse

    build = Build(settings, Reuse(Mode.WARM, settings.root / CACHE_DIR) if args.cache else None)
    result = build.model()
    if not _report(args, result) or result.site is None:
        _notices(build.notices())
        return EXIT_CONTENT
    # Pages go to disk as they are rendered: the whole site is never held in memory
    # (except, with the page cache, as the cache itself).
    pages = build.stream(result)
    try:
        forget_stamp(args.out)
        stats = emit(pages, args.out, protected=settings.content_path)
    except EmitError as exc:
        console.say(f"error: {exc}")
        return EXIT_USAGE
    except LinkError as exc:
        report_broken(exc.broken, result.site, settings.root, result.report,
                      settings.site_url)
        _report(args, result)
        console.say("some pages were written before this was found; the next successful "
                    "run replaces them")
        return EXIT_CONTENT
    except PageCollision as exc:
        console.say(f"error: {exc}; some pages were written before this was found, and "
                    "the next successful run replaces them")
        return EXIT_CONTENT
    _notices(build.notices())
    if not result.report.diagnostics:
        record_stamp(args.out, inputs, stats.total)
    console.say(f"{stats.total} pages: {stats.written} written, "
                f"{stats.unchanged} unchanged, {stats.removed} removed")
    return EXIT_OK


def _pages_or_stop(args, build, writer):
    """The build's pages, or None (reported) if the content has problems; the search
    index writer is closed if they do not come."""
    try:
        result = build.pages(undecoded=True)
    except BaseException:
        if writer is not None:
            writer.close()
        raise
    _notices(build.notices())
    if _report(args, result) and result.pages is not None:
        return result
    if writer is not None:
        writer.close()
    console.say("build stopped: fix the problems above; the previous site is unchanged")
    return None


def cmd_build(args, settings) -> int:
    from generator.reuse import CACHE_DIR, SEARCH, Mode, Reuse, inputs_fingerprint

    site_dir = args.site_dir or settings.root / settings.site_dir
    cache_dir = settings.root / CACHE_DIR
    record = inputs = reuse = writer = None
    if args.cache:
        inputs = inputs_fingerprint(settings.content_path, args.config)
        record = _last_site(args.config, cache_dir, site_dir, inputs)
        if record is None:  # answered before generator.build is loaded
            console.say(f"nothing changed since the last build: {site_dir} is up to date")
            return EXIT_OK
    import gc

    from generator.build import Build
    from generator.mkdocs import site
    from generator.outputs import search

    if args.cache:
        reuse = Reuse(Mode.WARM, cache_dir)
        # the search index writer starts now, loading its cache while the pages are made
        writer = search.Writer(cache_dir / SEARCH)
    build = Build(settings, reuse)
    result = _pages_or_stop(args, build, writer)
    if result is None:
        return EXIT_CONTENT
    counts = reuse.rendered() if reuse is not None else None
    again = counts[0] if counts is not None else None
    # What the run made and no longer needs (the model, the caches, which are saved)
    # is let go: first if it rendered most entries (MkDocs holds the metadata of every
    # page it builds at once), else while the search index writer is waited for
    # (bench/RESULTS.md, figures behind the code).
    pages, count, clean = result.pages, len(result.pages), not result.report.diagnostics
    digests, facts = result.digests, result.facts
    few = counts is not None and counts[0] * 4 < counts[1]
    spare = [result, build, reuse] if few else []
    del result, build, reuse
    # Everything alive now is freed by reference counting or lives to the end: the
    # cyclic collector would scan it again and again while MkDocs runs.
    gc.freeze()
    try:
        carried = site.build_site(args.config, pages, site_dir, strict=args.strict,
                                  record=record, inputs=inputs if clean else None,
                                  digests=digests, writer=writer, spare=spare,
                                  facts=facts)
    except site.BuildFailed as exc:
        console.say(f"build failed: {exc}\nthe previous site is unchanged")
        return EXIT_CONTENT
    finally:
        gc.unfreeze()
    console.say(f"built {count} pages into {site_dir}"
                + (f" ({again} entries rendered, {carried} pages carried over unchanged)"
                   if again is not None else ""))
    return EXIT_OK


def _last_site(config: Path, cache_dir: Path, site_dir: Path, inputs: str):
    """What the last build recorded of the site folder (`carry.SiteManifest`), or None
    if it is up to date with the content and configuration (`inputs`)."""
    from generator.mkdocs import site
    from generator.reuse import SITE, SiteManifest

    notices: list[str] = []
    record = SiteManifest(cache_dir / SITE, site_dir, notices)
    _notices(notices)
    if record.unchanged(inputs, lambda: site.site_key(config)):
        return None
    notices = []
    record.load_facts(notices)
    _notices(notices)
    return record


def _notices(notices: list[str]) -> None:
    for notice in notices:
        console.say(f"note: {notice}")


def cmd_changes(args, settings) -> int:
    import contextlib

    from generator.changes import report, trees
    from generator.changes.compare import compare

    if (args.folders and (args.base or args.head)) or len(args.folders) not in (0, 2):
        console.say("error: name two content folders (OLD NEW) or a --base revision")
        return EXIT_USAGE
    if not args.folders and not args.base:
        console.say("error: name the version to compare with: --base REVISION (e.g. "
                    "origin/main) or two content folders OLD NEW")
        return EXIT_USAGE
    if args.folders:
        versions = [(trees.content_folder(settings, f), f.as_posix()) for f in args.folders]
    else:
        head = (trees.content_at(settings, args.head) if args.head
                else contextlib.nullcontext(settings))
        versions = [(trees.content_at(settings, args.base), args.base),
                    (head, args.head or "the working tree")]
    made = []
    try:
        for context, name in versions:
            with context as tree_settings:
                made.append(trees.make(tree_settings, name))
    except trees.TreeError as exc:
        console.say(f"error: {exc}")
        return EXIT_USAGE
    failed = [m for m in made if m.entries is None]
    for m in failed:
        console.say(f"the content of {m.name} has problems; its pages were not made:")
        console.write(console.effective(m.diagnostics, False), "text", sys.stderr)
        if m.problem:
            console.say(f"error: {m.problem}")
    if failed:
        return EXIT_CONTENT
    old, new = made
    changes = compare(old.entries, new.entries)
    sys.stdout.write(report.write(changes, args.format, old.name, new.name, args.limit))
    return EXIT_OK


def cmd_new(args, settings) -> int:
    from generator.disk.scaffold import ScaffoldError, write_new
    from generator.source.schema import ACTOR_TYPES

    if args.kind == "actor" and args.actor_type is None:
        args.actor_type = console.choose(f"what is {args.name or args.slug}?", ACTOR_TYPES)
        if args.actor_type is None:
            example = command("new", "actor", args.slug, "--type", "TYPE",
                              *(("--name", args.name) if args.name else ()))
            console.say(f"error: a new actor needs its type: {example}, where TYPE is one "
                        f"of {', '.join(ACTOR_TYPES)}")
            return EXIT_USAGE
    try:
        path = write_new(settings.content_path, args.kind, args.slug, name=args.name,
                         actor_type=args.actor_type, day=args.date)
    except ScaffoldError as exc:
        console.say(f"error: {exc}")
        return EXIT_USAGE
    rel = path.relative_to(settings.root).as_posix()
    console.say(f"wrote {rel}\nfill in every TODO, then run: {command('check')}")
    return EXIT_OK


def cmd_schema(args, settings) -> int:
    from generator.source.schema import RECORDS, json_schema_text

    out = args.out or settings.root / "schemas"
    stale = []
    for kind in RECORDS:
        path = out / f"{kind}.schema.json"
        text = json_schema_text(kind)
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(path)
        if not args.check:
            out.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    verb = "out of date" if args.check else "written"
    for path in stale:
        console.say(f"{verb}: {path}")
    if args.check and stale:
        console.say(f"run: {command('schema')}")
        return EXIT_CONTENT
    return EXIT_OK


COMMANDS = {"check": cmd_check, "generate": cmd_generate, "build": cmd_build,
            "changes": cmd_changes, "new": cmd_new, "schema": cmd_schema}
