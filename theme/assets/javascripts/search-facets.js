// The search filters inside Material's search dialog (theme/partials/search.html), and
// the count of results when more match than are shown. They talk to this page's search
// worker (search-worker.js) over a BroadcastChannel of this page's own, so that other
// tabs of the site do not hear them: its name is given to the worker as the fragment of
// its address, in Material's configuration, which this script (loaded before Material's,
// theme/main.html) rewrites.
"use strict";

(() => {
  const facets = document.querySelector("[data-archive-facets]");
  const config = document.getElementById("__config");
  if (!facets || !config || typeof BroadcastChannel === "undefined") return;
  const settings = JSON.parse(config.textContent);
  if (!/\/search-worker\.js$/.test(settings.search || "")) return;  // not the archive's
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
  // matched. Its message and Material's list arrive in either order.
  function count() {
    if (!meta || !info || info.shown === 0) return;
    const text = info.total > info.shown
      ? `${info.shown} of ${info.total.toLocaleString("en")} matching documents`
      : info.shown === 1 ? "1 matching document" : `${info.shown} matching documents`;
    if (meta.textContent !== text) meta.textContent = text;
  }
  if (meta) new MutationObserver(count).observe(meta, { childList: true, characterData: true });

  channel.onmessage = ({ data }) => {
    if (data.facets) fill(data.facets);
    if ("total" in data) {
      info = data;
      count();
    }
  };
})();
