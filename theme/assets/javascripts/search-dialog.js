// The archive's parts of Material's search dialog (theme/partials/search.html): the
// search filters (made here), the count of results, and the links to the results before and after
// those shown. They talk to this page's search worker (search-worker.js) over a
// BroadcastChannel of this page's own, so that other tabs of the site do not hear them:
// its name is given to the worker as the fragment of its address, in Material's
// configuration, which this script (loaded before Material's, theme/main.html) rewrites.
"use strict";

(() => {
  const list = document.querySelector(".md-search-result__list");
  const config = document.getElementById("__config");
  if (!list || !config || typeof BroadcastChannel === "undefined") return;
  const settings = JSON.parse(config.textContent);
  if (!/\/search-worker\.js$/.test(settings.search || "")) return;  // not the archive's
  // The filters are made here, not written into every page: they need this script.
  // Before the list, which Material takes as its block's last child when it starts.
  const facets = document.createElement("details");
  facets.className = "archive-facets";
  facets.dataset.archiveFacets = "";
  facets.innerHTML = '<summary tabindex="-1">Filter results</summary><div class="archive-facets__fields">'
    + [["kind", "Kind"], ["type", "Actor type"], ["year", "Year"], ["topic", "Topic"]].map(
      ([name, label]) => `<label class="archive-facets__field">${label}<select name="${name}" `
        + `data-archive-facet="${name}"><option value="">All</option></select></label>`).join("")
    + "</div>";
  list.before(facets);
  const name = Math.random().toString(36).slice(2);
  settings.search += "#" + name;
  config.textContent = JSON.stringify(settings);
  const channel = new BroadcastChannel("archive-search-" + name);
  const meta = document.querySelector(".md-search-result__meta");
  const selects = [...facets.querySelectorAll("select[data-archive-facet]")];
  let info = null;

  // Material hands every key pressed in its dialog to the search box; a filter keeps
  // its own keys (arrows choose an option, Tab moves on), Escape still closes search.
  facets.addEventListener("keydown", event => {
    if (event.target.tagName === "SELECT" && event.key !== "Escape") event.stopPropagation();
  });

  facets.addEventListener("toggle", () => {
    if (facets.open && !facets.dataset.filled) channel.postMessage({ facets: true });
  });

  for (const select of selects) {
    select.addEventListener("change", () => {
      const filters = {};
      for (const s of selects) if (s.value) filters[s.dataset.archiveFacet] = s.value;
      channel.postMessage({ filters });
    });
  }

  // Every value is listed once, with the number of the query's pages it has (all the
  // site's when nothing is typed); a value with none is greyed out unless chosen.
  function fill(all) {
    for (const select of selects) {
      const counts = all[select.dataset.archiveFacet] || {};
      if (!facets.dataset.filled) {
        const names = Object.keys(counts).sort();
        if (select.dataset.archiveFacet === "year") names.reverse();
        for (const name of names) {
          const option = document.createElement("option");
          option.value = name;
          select.appendChild(option);
        }
        select.closest("label").hidden = names.length === 0;
      }
      for (const option of select.options) {
        if (!option.value) continue;
        const count = counts[option.value] || 0;
        option.textContent = `${option.value} (${count.toLocaleString("en")})`;
        option.disabled = count === 0 && !option.selected;
      }
    }
    facets.dataset.filled = "true";
  }

  // Material counts the results it is given, the ones shown; the worker tells how many
  // matched and which are shown. Its message and Material's list arrive in either order.
  function count() {
    if (!meta || !info || info.shown === 0) return;
    const number = n => n.toLocaleString("en");
    const text = info.total > info.shown
      ? `${number(info.from + 1)}–${number(info.from + info.shown)} of ${number(info.total)} matching documents`
      : info.shown === 1 ? "1 matching document" : `${info.shown} matching documents`;
    if (meta.textContent !== text) meta.textContent = text;
  }
  if (meta) new MutationObserver(count).observe(meta, { childList: true, characterData: true });

  // The results before and after those shown: links, since Material's dialog moves
  // through links with the arrow keys (and closes on Tab). Made when first needed and
  // put after the list: Material takes the list as its block's last child when it starts.
  let pages = null, moved = false;

  function pager() {
    if (pages || !list) return pages;
    pages = document.createElement("nav");
    pages.className = "archive-pages";
    pages.setAttribute("aria-label", "More results");
    pages.innerHTML = '<a role="button" data-archive-step="-1"></a><a role="button" data-archive-step="1"></a>';
    for (const link of pages.querySelectorAll("a")) {
      link.addEventListener("click", event => {
        event.preventDefault();
        event.stopPropagation();  // Material closes the dialog on a click on a link
        if (!link.hasAttribute("href") || !info) return;
        moved = true;
        const step = Number(link.dataset.archiveStep) * info.size;
        channel.postMessage({ from: Math.max(0, info.from + step) });
      });
      // Enter follows the link; Space presses it as a button (Material would take it
      // to the search box)
      link.addEventListener("keydown", event => {
        if (event.key === " " || event.key === "Enter") {
          event.stopPropagation();
          if (event.key === " ") { event.preventDefault(); link.click(); }
        }
      });
    }
    list.after(pages);
    return pages;
  }

  // A link to other results has an address only when there are some (Material moves to
  // anything with one).
  function paged() {
    const before = info.shown && info.from > 0 ? Math.min(info.size, info.from) : 0;
    const after = info.shown ? Math.min(info.size, info.total - info.from - info.shown) : 0;
    if (!before && !after && !pages) return;
    const [back, next] = pager().querySelectorAll("a");
    show(back, before, `Previous ${before}`);
    show(next, after, `Next ${after}`);
    pages.hidden = !before && !after;
  }

  function show(link, count, text) {
    link.hidden = count <= 0;
    link.textContent = count > 0 ? text : "";
    if (count > 0) link.setAttribute("href", "#"); else link.removeAttribute("href");
  }

  // After moving to other results, the first of them has the focus, as it would on a
  // new page.
  if (list) {
    new MutationObserver(() => {
      const first = list.querySelector(".md-search-result__link");
      if (!moved || !first) return;
      moved = false;
      first.focus();
    }).observe(list, { childList: true });
  }

  channel.onmessage = ({ data }) => {
    if (data.facets) fill(data.facets);
    if ("total" in data) {
      info = data;
      count();
      paged();
    }
  };
})();
