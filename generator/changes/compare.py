"""Two snapshots side by side: the pages added, changed and removed, group by group."""

from __future__ import annotations

from dataclasses import dataclass

from generator.changes.snapshot import GROUPS, PublishedPage

ADDED, CHANGED, REMOVED = "added", "changed", "removed"
STATUSES = (ADDED, CHANGED, REMOVED)


@dataclass(frozen=True)
class Change:
    status: str  # ADDED, CHANGED or REMOVED
    entry: PublishedPage  # the new page; the old one for a removed page
    old_title: str = ""  # a changed page's former title, where it differs
    reasons: tuple[str, ...] = ()  # a changed page's parts that differ (`snapshot._parts`)
    # a removed page's address now: REDIRECT (to `redirect_to`), RETRACTION, or "" (gone)
    now: str = ""
    redirect_to: str = ""


@dataclass(frozen=True)
class Changes:
    """Every change, sorted by group, status, kind and address."""

    items: tuple[Change, ...]

    def of(self, group: str, status: str | None = None) -> list[Change]:
        return [c for c in self.items if c.entry.group == group
                and (status is None or c.status == status)]

    def counts(self) -> dict[str, dict[str, int]]:
        """{group: {status: count}} over every group and status, zeros included."""
        table = {g: dict.fromkeys(STATUSES, 0) for g in GROUPS}
        for c in self.items:
            table[c.entry.group][c.status] += 1
        return table

    def totals(self) -> dict[str, int]:
        return {s: sum(1 for c in self.items if c.status == s) for s in STATUSES}


def reasons(before: PublishedPage, after: PublishedPage) -> tuple[str, ...]:
    """The parts of a page that differ, in the new page's order, then those it lost."""
    old, new = dict(before.parts), dict(after.parts)
    changed = [name for name, digest in after.parts if old.get(name) != digest]
    return (*changed, *(name for name, _ in before.parts if name not in new))


def compare(old: dict[str, PublishedPage], new: dict[str, PublishedPage]) -> Changes:
    """The changes from `old` to `new` ({address: entry} each).

    An address that answers with another kind of page (an article that became a redirect
    when it was renamed) is a removal from one group and an addition to another: the
    reviewer sees the article go and the redirect come.
    """
    items = []
    for where in old.keys() | new.keys():
        before, after = old.get(where), new.get(where)
        if before is not None and after is not None and (before.group, before.kind) != (
                after.group, after.kind):
            items += [Change(REMOVED, before, now=after.kind, redirect_to=after.target),
                      Change(ADDED, after)]
        elif before is None:
            items.append(Change(ADDED, after))
        elif after is None:
            items.append(Change(REMOVED, before))
        elif before.digest != after.digest:
            renamed = before.title if before.title != after.title else ""
            items.append(Change(CHANGED, after, renamed, reasons(before, after)))
    order = {g: i for i, g in enumerate(GROUPS)}
    rank = {s: i for i, s in enumerate(STATUSES)}
    items.sort(key=lambda c: (order[c.entry.group], rank[c.status], c.entry.kind,
                              c.entry.address))
    return Changes(tuple(items))
