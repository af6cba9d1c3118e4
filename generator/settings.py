"""The generator's settings, read from the `archive` plugin entry of site_config.yml."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path

import yaml

from generator.model import CC_BY_4, Licence


class ConfigError(Exception):
    """site_config.yml is missing, unreadable or has a bad generator setting."""


@dataclass(frozen=True)
class Limits:
    front_matter_chars: int = 20_000
    article_chars: int = 200_000
    actors_per_article: int = 100
    quotes_per_article: int = 200


@dataclass(frozen=True)
class Settings:
    root: Path
    content_dir: str = "content"
    site_dir: str = "site"
    site_url: str = ""
    site_name: str = "Archive"
    site_description: str = ""
    repo_url: str = ""
    markdown_extensions: tuple = ()  # MkDocs' own list: names, or {name: settings}
    # MkDocs' own top-level `strict`: warnings are errors, for `check` and `build` as for
    # MkDocs. One setting, so that a local check and the pull-request check agree.
    strict: bool = False
    edit_branch: str = "main"
    latest_articles: int = 10
    related_articles: int = 5
    co_actors: int = 10
    allow_raw_html: bool = False
    workers: int = 0  # processes that make and write pages; 0: one per core
    limits: Limits = field(default_factory=Limits)
    data_licence: Licence = CC_BY_4
    # The page that says how the archive corrects its articles: a page of the site
    # (`corrections.md`, `about.md#corrections`) or an https:// address. The publisher's
    # JSON-LD then names it as its `correctionsPolicy`.
    corrections_policy: str = ""

    @property
    def content_path(self) -> Path:
        return self.root / self.content_dir

    @property
    def worker_count(self) -> int:
        """`workers` processes, or one per core this process may use for 0."""
        if self.workers > 0:
            return self.workers
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not Linux
            return max(1, os.cpu_count() or 1)


# Options read by their own rules, not by the type of their default.
NESTED = ("limits", "data_licence")
LICENCE_KEYS = ("name", "url", "id")
_LICENCE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9.+-]*")

# Settings that are MkDocs' own top-level keys, with MkDocs' defaults.
FROM_MKDOCS = {"site_dir": "site", "site_url": "", "site_name": "Archive",
               "site_description": "", "repo_url": ""}


class _TolerantLoader(yaml.SafeLoader):
    """Reads MkDocs configs without running anything: `!ENV` is resolved as MkDocs resolves
    it; other tags (`!!python/name:` and the like) are read as plain values."""


def _env_tag(loader, node):
    """`!ENV VAR` or `!ENV [VAR1, VAR2, default]`: the first variable set, else the default."""
    if isinstance(node, yaml.ScalarNode):
        names, default = [loader.construct_scalar(node)], None
    else:
        items = loader.construct_sequence(node)
        names, default = items[:-1] or items, (items[-1] if len(items) > 1 else None)
    for name in names:
        if isinstance(name, str) and name in os.environ:
            return yaml.safe_load(os.environ[name])
    return default


def _unknown_tag(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, yaml.SequenceNode):
        return loader.construct_sequence(node)
    return loader.construct_mapping(node)


_TolerantLoader.add_multi_constructor("", _unknown_tag)
_TolerantLoader.add_constructor("!ENV", _env_tag)


def read_config(config_file: Path) -> dict:
    try:
        with open(config_file, encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_TolerantLoader)
    except FileNotFoundError as exc:
        raise ConfigError(f"{config_file}: configuration file not found") from exc
    except yaml.YAMLError as exc:
        raise ConfigError(f"{config_file}: not valid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{config_file}: must be a mapping of settings")
    return data


def plugin_options(config: dict) -> dict:
    for entry in config.get("plugins") or ():
        if isinstance(entry, dict) and "archive" in entry:
            return entry["archive"] or {}
        if entry == "archive":
            return {}
    return {}


# Settings that MkDocs itself reads from the top level of site_config.yml, not from the
# `archive` plugin entry.
TOP_LEVEL = ("root", "strict", "markdown_extensions", *FROM_MKDOCS)


def load_settings(config_file: Path) -> Settings:
    config = read_config(config_file)
    return settings_from(config_file.resolve().parent, config, plugin_options(config))


def _directory_url(value) -> str:
    """site_url with a final slash, as MkDocs reads it (GitHub Pages gives it without)."""
    url = str(value or "")
    return url if not url or url.endswith("/") else url + "/"


def settings_from(root: Path, config: dict, options: dict) -> Settings:
    known = {f.name for f in fields(Settings)} - {*NESTED, *TOP_LEVEL}
    unknown = sorted(set(options) - known - set(NESTED))
    if unknown:
        raise ConfigError(f"unknown archive plugin option(s): {', '.join(unknown)}; "
                          f"known options: {', '.join(sorted(known | set(NESTED)))}")
    values: dict = {k: options[k] for k in known if k in options}
    limits_raw = options.get("limits") or {}
    limit_names = {f.name for f in fields(Limits)}
    bad = sorted(set(limits_raw) - limit_names)
    if bad:
        raise ConfigError(f"unknown limit(s): {', '.join(bad)}; known: "
                          f"{', '.join(sorted(limit_names))}")
    for key, value in limits_raw.items():
        if not isinstance(value, int) or isinstance(value, bool) or value < 1:
            raise ConfigError(f"limits.{key} must be a positive whole number, not {value!r}")
    for key, default in ((f.name, f.default) for f in fields(Settings) if f.name in values):
        if type(values[key]) is not type(default):
            raise ConfigError(f"archive option '{key}' must be a {type(default).__name__}, "
                              f"not {values[key]!r}")
    strict = config.get("strict", False)
    if not isinstance(strict, bool):
        raise ConfigError(f"'strict' must be true or false, not {strict!r}")
    if "data_licence" in options:
        values["data_licence"] = licence_from(options["data_licence"])
    if values.get("corrections_policy"):
        values["corrections_policy"] = policy_page(
            values["corrections_policy"], root / str(config.get("docs_dir") or "docs"))
    return Settings(
        root=root,
        strict=strict,
        site_dir=str(config.get("site_dir") or "site"),
        site_url=_directory_url(config.get("site_url")),
        site_name=str(config.get("site_name") or "Archive"),
        site_description=str(config.get("site_description") or ""),
        repo_url=str(config.get("repo_url") or ""),
        markdown_extensions=tuple(config.get("markdown_extensions") or ()),
        limits=Limits(**limits_raw),
        **values,
    )


def policy_page(value: str, docs: Path) -> str:
    """`corrections_policy`: an http(s) address, or a page of `docs` that exists."""
    value = value.strip()
    if re.fullmatch(r"https?://[^\s/]+\S*", value):
        return value
    page = value.partition("#")[0]
    if not page.endswith(".md") or page.startswith("/") or ".." in page.split("/"):
        raise ConfigError(f"archive option 'corrections_policy' must be a page of the site "
                          f"(e.g. corrections.md or about.md#corrections) or an https:// "
                          f"address, not {value!r}")
    if not (docs / page).is_file():
        raise ConfigError(f"corrections_policy names {page}, which is not in {docs.name}/: "
                          f"write {docs.name}/{page} or name another page")
    return value


def licence_from(raw: object) -> Licence:
    """`data_licence: {name: ..., url: ..., id: ...}`: name and url both given, so that a
    name is never shown beside another licence's address."""
    example = ("e.g. data_licence: {name: Creative Commons Attribution 4.0 International, "
               "url: https://creativecommons.org/licenses/by/4.0/, id: CC-BY-4.0}")
    if not isinstance(raw, dict):
        raise ConfigError(f"archive option 'data_licence' must be a mapping with name and "
                          f"url, not {raw!r}; {example}")
    bad = sorted(set(raw) - set(LICENCE_KEYS), key=str)
    if bad:
        raise ConfigError(f"unknown data_licence key(s): {', '.join(map(str, bad))}; "
                          f"known: {', '.join(LICENCE_KEYS)}")
    for key in ("name", "url"):
        value = raw.get(key)
        if not isinstance(value, str) or not value.strip():
            raise ConfigError(f"data_licence.{key} is required and must be text, not "
                              f"{value!r}; {example}")
    url = raw["url"].strip()
    if not re.fullmatch(r"https?://[^\s/]+\S*", url):
        raise ConfigError(f"data_licence.url must be an http or https address, not {url!r}")
    licence_id = raw.get("id", "")
    if not isinstance(licence_id, str) or (licence_id and not _LICENCE_ID.fullmatch(licence_id)):
        raise ConfigError(f"data_licence.id must be an SPDX licence identifier such as "
                          f"CC-BY-4.0 or ODbL-1.0, not {licence_id!r}")
    return Licence(" ".join(raw["name"].split()), url, licence_id)
