// The archive's search worker: Material's search dialog asks it (Material's worker
// messages: SETUP 0, READY 1, QUERY 2, RESULT 3) and it answers from the Pagefind index
// the archive plugin writes into pagefind/ (generator/outputs/search.py). Pagefind loads
// only the pieces of the index a query needs, on the first query, not with the page.
// The search filters (search-facets.js) talk to it over a BroadcastChannel named by this
// worker's address fragment, one per page: they send {filters} or {facets: true}; it
// sends {facets}, and {query, total, shown} per answer.
"use strict";

const READY = 1, QUERY = 2, RESULT = 3;
const SHOWN = 10;  // results whose excerpts are fetched and shown
const PAUSE = 200;  // ms without a keystroke before a query is looked up
const base = new URL("../../", self.location.href);  // the site's root
const channel = new BroadcastChannel("archive-search-" + self.location.hash.slice(1));

let engine = null;
let filters = {};
let query = "";
let serial = 0;

function pagefind() {
  if (!engine) {
    engine = import(new URL("pagefind/pagefind.js", base).href).then(async pf => {
      await pf.options({ baseUrl: base.pathname, excerptLength: 24 });
      return pf;
    });
  }
  return engine;
}

function escape(text) {
  return String(text).replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" })[c]);
}

// Pagefind's excerpts are the page's text with "<" and ">" escaped (not "&") and the
// words found in <mark>; Material shows what it is given as HTML, so everything but
// those marks is escaped here, once.
function marked(excerpt) {
  return String(excerpt || "").split(/(<\/?mark>)/)
    .map((part, i) => i % 2 ? part : escape(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">")))
    .join("");
}

// A name as compared with a query: lower case, letters, marks and digits only.
function plain(text) {
  return String(text).toLowerCase().replace(/[^\p{L}\p{M}\p{N}]+/gu, " ").trim();
}

// Pagefind ranks an actor's or a topic's page first for its names, but by a hair over
// the articles that name it often; a page one of whose names is the query goes first.
function exactFirst(shown, value) {
  const wanted = plain(value);
  const named = data => (data.meta.names || "").split("|").some(n => plain(n) === wanted);
  return [...shown.filter(named), ...shown.filter(data => !named(data))];
}

function terms(value) {
  const found = {};
  for (const term of value.trim().split(/\s+/)) if (term) found[term.toLowerCase()] = true;
  return found;
}

// One result in Material's form: the page first, then its sections, each with a score
// below the page's, so the page shows its excerpt and the sections fold under it.
function item(data, rank, found) {
  const score = SHOWN - rank;
  const url = new URL(data.url, self.location.href).href;
  const page = {
    location: url, title: escape(data.meta.title || data.url), text: marked(data.excerpt),
    score, terms: found
  };
  const sections = (data.sub_results || [])
    .filter(sub => sub.anchor && sub.anchor.id && sub.url !== data.url)
    .map(sub => ({
      location: new URL(sub.url, self.location.href).href, title: escape(sub.title),
      text: marked(sub.excerpt), score: score / 2, terms: found
    }));
  return [page, ...sections];
}

// A query is looked up once typing pauses: the words on the way ("s", "sa", "san")
// would each fetch the index pieces of every word they begin, and excerpts. A single
// letter is not looked up at all.
async function answer(value, pause = PAUSE) {
  const mine = ++serial;
  const active = Object.keys(filters).length > 0;
  let items = [], total = 0;
  if (value.trim().length >= 2 || active) {
    try {
      if (pause) {
        await new Promise(resolve => setTimeout(resolve, pause));
        if (mine !== serial) return;
      }
      const pf = await pagefind();
      const search = await pf.search(value.trim() || null, { filters });
      if (mine !== serial || !search) return;
      total = search.results.length;
      const found = terms(value);
      const shown = await Promise.all(search.results.slice(0, SHOWN).map(r => r.data()));
      items = exactFirst(shown, value).map((data, rank) => item(data, rank, found));
    } catch (err) {
      console.warn("search:", err);
    }
  }
  if (mine !== serial) return;
  channel.postMessage({ query: value, total, shown: items.length });
  self.postMessage({ type: RESULT, data: { items } });
}

channel.onmessage = async ({ data }) => {
  if (data.filters) {
    filters = data.filters;
    answer(query, 0);
  } else if (data.facets) {
    try {
      channel.postMessage({ facets: await (await pagefind()).filters() });
    } catch (err) {
      console.warn("search filters:", err);
    }
  }
};

self.onmessage = ({ data }) => {
  if (data.type === QUERY) {
    query = data.data;
    answer(query);
  }
};

self.postMessage({ type: READY });
