"""What a live preview keeps in memory from one run to the next, beside its caches, so
that a save costs in proportion to what it changed (devdocs/live-preview.md): the
records resolved by the last run, and the content and site it linked."""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.model import Content, Site
from generator.source.resolve import ResolveMemo


@dataclass
class PreviewMemory:
    resolved: ResolveMemo = field(default_factory=ResolveMemo)
    content: Content | None = None  # the last content linked, and its site
    site: Site | None = None
    link_args: tuple = ()  # the settings `link` was given
