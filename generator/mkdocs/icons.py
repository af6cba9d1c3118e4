"""Material's interface icons drawn from one shared file instead of written into every page.

Material's templates write each icon's SVG into the page where it is shown
(`{% include ".icons/<name>.svg" %}`): the logo, the menu, search, close, the
repository's mark and the others, eleven of them on every page, about 3 KB of each
(bench/RESULTS.md, bytes per article). Here the icons the theme's chrome uses (`CHROME`,
or what `theme.icon` in the configuration puts in their place) are symbols of one file,
`assets/icons.svg`, written with the site, and such an include writes
`<svg viewBox=…><use href="…/assets/icons.svg#<symbol>"/></svg>`: the same shape, with the
same size and colour (the symbol's paths take the page's `fill`, as the inline icon's
did), fetched once and cached by the browser.

Only an include with the page's context is changed (`base_url` known): Material also
imports icons without it to make CSS data URLs (`partials/icons.html`), and those get the
icon as it is. An icon that is not in the file (a page's own, or one a later Material
adds) is written inline, as Material would.
"""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import BaseLoader, TemplateNotFound

SPRITE = "assets/icons.svg"
PREFIX = ".icons/"

# `theme.icon` key -> the icon Material's chrome partials use when it is not set
CHROME = {
    "logo": "material/library",  # partials/logo.html
    "menu": "material/menu",  # partials/header.html
    "search": "material/magnify",  # partials/header.html, partials/search.html
    "previous": "material/arrow-left",  # partials/search.html
    "share": "material/share-variant",
    "close": "material/close",
    "repo": "fontawesome/brands/git-alt",  # partials/source.html
    "edit": "material/file-edit-outline",  # partials/actions.html
    "view": "material/file-eye-outline",
    "top": "material/arrow-up",  # partials/top.html
}

_SVG = re.compile(r"\A\s*<svg\b(?P<attrs>[^>]*)>(?P<body>.*)</svg>\s*\Z", re.DOTALL)
_VIEWBOX = re.compile(r'\bviewBox="(?P<box>[^"]*)"')


def chrome_icons(theme_icons) -> list[str]:
    """The icon names the chrome uses with this configuration's `theme.icon`, sorted."""
    chosen = {value for key, default in CHROME.items()
              for value in [(theme_icons or {}).get(key) or default]
              if isinstance(value, str)}
    return sorted(chosen)


def symbol_id(name: str) -> str:
    """`material/magnify` -> `material-magnify`."""
    return name.replace("/", "-")


class Icons:
    """The shared icons of one theme: which there are, and the file that holds them."""

    def __init__(self, names: list[str], loader, env) -> None:
        self.shapes: dict[str, tuple[str, str]] = {}  # name -> (viewBox, inner SVG)
        for name in names:
            try:
                source = loader.get_source(env, PREFIX + name + ".svg")[0]
            except TemplateNotFound:  # not an icon of this theme: Material says so itself
                continue
            found = _SVG.match(source)
            box = _VIEWBOX.search(found.group("attrs")) if found else None
            if found and box:
                self.shapes[name] = (box.group("box"), found.group("body").strip())

    def sprite(self) -> str:
        """The shared file: one `<symbol>` per icon, in name order."""
        symbols = "".join(
            f'<symbol id="{symbol_id(name)}" viewBox="{box}">{body}</symbol>'
            for name, (box, body) in sorted(self.shapes.items()))
        return f'<svg xmlns="http://www.w3.org/2000/svg">{symbols}</svg>\n'

    def wrapper(self, name: str, original: str) -> str | None:
        """The template that stands for `.icons/<name>.svg`, or None to keep it."""
        shape = self.shapes.get(name)
        if shape is None:
            return None
        reference = (f'<svg viewBox="{shape[0]}"><use href="{{{{ "{SPRITE}" | url }}}}'
                     f'#{symbol_id(name)}"/></svg>')
        return ("{% if base_url is defined %}" + reference + "{% else %}{% raw %}"
                + original + "{% endraw %}{% endif %}")


class IconLoader(BaseLoader):
    """The theme's loader, with the shared icons' includes standing for them."""

    def __init__(self, loader, icons: Icons) -> None:
        self.loader = loader
        self.icons = icons

    def get_source(self, environment, template: str):
        found = self.loader.get_source(environment, template)
        if template.startswith(PREFIX) and template.endswith(".svg"):
            wrapper = self.icons.wrapper(template[len(PREFIX):-len(".svg")], found[0])
            if wrapper is not None:
                return wrapper, found[1], found[2]
        return found

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


def install(env, config) -> Icons:
    """For one build: `env` writes the chrome's icons as references to `SPRITE`."""
    icons = Icons(chrome_icons(config.theme.get("icon")), env.loader, env)
    env.loader = IconLoader(env.loader, icons)
    return icons


def write_sprite(icons: Icons, site_dir: str) -> None:
    """`SPRITE` in the site, beside the theme's other assets."""
    path = Path(site_dir) / SPRITE
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(icons.sprite(), encoding="utf-8")
