// The archive's search worker: Material's search dialog asks it (Material's worker
// messages: SETUP 0, READY 1, QUERY 2, RESULT 3) and it answers from the index the
// archive plugin writes into search/ (generator/outputs/searchindex.py has its format).
// Nothing is loaded with the page: the first query fetches search/index.json, then each
// query only the word chunks holding its words and the excerpts of the results shown.
// The search filters (search-facets.js) talk to it over a BroadcastChannel named by this
// worker's address fragment, one per page: they send {filters} or {facets: true}; it
// sends {query, total, shown} per answer and, once the filters were asked for, {facets}:
// how many of the query's pages each filter value has.
"use strict";

const READY = 1, QUERY = 2, RESULT = 3;
const SHOWN = 10;  // results whose excerpts are fetched and shown
const SECTIONS = 3;  // sections shown under a result
const EXCERPT = 24;  // words of an excerpt
const PAUSE = 200;  // ms without a keystroke before a query is looked up
const PREFIX = 3;  // the word being typed, this long, also finds the words it begins
const base = new URL("../../", self.location.href);  // the site's root
const folder = new URL("search/", base);
const channel = new BroadcastChannel("archive-search-" + self.location.hash.slice(1));

let manifest = null;
let filters = {};
let counting = false;  // the filters were opened: each answer counts their values
let query = "";
let serial = 0;
const files = new Map();  // address -> promise of its JSON, fetched once

// A ".gz" file (a page's excerpt) is stored gzipped and served as it is; a server that
// sends it with Content-Encoding has it unzipped by the browser already.
async function unzipped(response) {
  const data = new Uint8Array(await response.arrayBuffer());
  if (data[0] !== 0x1f || data[1] !== 0x8b) return new Response(data).json();
  const stream = new Blob([data]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Response(stream).json();
}

function load(name) {
  if (!files.has(name)) {
    files.set(name, fetch(new URL(name, folder)).then(response => {
      if (!response.ok) throw new Error(`${name}: ${response.status}`);
      return name.endsWith(".gz") ? unzipped(response) : response.json();
    }));
    files.get(name).catch(() => files.delete(name));  // tried again next time
  }
  return files.get(name);
}

function index() {
  if (!manifest) {
    manifest = load("index.json");
    manifest.catch(() => { manifest = null; });
  }
  return manifest;
}

// What a word is: the rule of generator/outputs/words.py
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

function words(text) {
  return String(text).normalize("NFKC").toLowerCase().match(WORD) || [];
}

function escape(text) {
  return String(text).replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" })[c]);
}

// The words of a query, each to be found as it is; the last one, if the reader is still
// typing it (the query does not end with a space or a stop) and it has PREFIX letters or
// more, also finds the words it begins: "zelensk" finds "zelenskyy".
function queryWords(value) {
  const list = [...new Set(words(value))];
  const typing = /[\p{L}\p{M}\p{N}]$/u.test(String(value).normalize("NFKC"));
  return list.map((word, i) => ({
    word, prefix: typing && i === list.length - 1 && word.length >= PREFIX
  }));
}

function matches(word, wanted) {
  return word === wanted.word || (wanted.prefix && word.startsWith(wanted.word));
}

// The chunks that may hold the word (and the words it begins): chunk i holds the words
// from its first word up to the next chunk's first.
function chunksFor(chunks, wanted) {
  let low = 0, high = chunks.length - 1, at = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (chunks[mid][0] <= wanted.word) { at = mid; low = mid + 1; } else high = mid - 1;
  }
  const found = [chunks[at][1]];
  if (wanted.prefix) {
    for (let i = at + 1; i < chunks.length && chunks[i][0].startsWith(wanted.word); i++) {
      found.push(chunks[i][1]);
    }
  }
  return found;
}

// A key's value only if the object has it ("constructor" is a word, not a method here).
function own(object, key) {
  return object && Object.hasOwn(object, key) ? object[key] : undefined;
}

function rarity(info, postings) {
  const count = postings.length / 2;
  return Math.log(1 + (info.pages - count + 0.5) / (count + 0.5));
}

// Page number -> score for one query word: its own posting list, and those of the words
// it begins, worth a little less; each weighed by the word's rarity, but a longer word
// never by more than the word itself (a rare "saixo" must not put its pages above
// those of a common "sai" that was meant).
async function scores(info, wanted) {
  if (!info.chunks.length) return new Map();
  const chunks = await Promise.all(chunksFor(info.chunks, wanted).map(load));
  const itself = chunks.map(chunk => own(chunk, wanted.word)).find(Boolean);
  const cap = itself ? rarity(info, itself) : Infinity;
  const found = new Map();
  for (const chunk of chunks) {
    for (const [word, postings] of Object.entries(chunk)) {
      if (!matches(word, wanted)) continue;
      const exact = word === wanted.word;
      const idf = exact ? cap : Math.min(cap, rarity(info, postings));
      const weight = exact ? 1 : 0.8;
      let page = 0;
      for (let i = 0; i < postings.length; i += 2) {
        page += postings[i];
        const score = postings[i + 1] * idf * weight;
        if (!(found.get(page) >= score)) found.set(page, score);
      }
    }
  }
  return found;
}

function pages(steps) {
  const out = new Set();
  let page = 0;
  for (const step of steps) out.add(page += step);
  return out;
}

// The pages every chosen filter value allows (null: no filter chosen).
async function allowed(info) {
  const chosen = Object.entries(filters).filter(([, value]) => value);
  if (!chosen.length) return null;
  const all = await load(info.filters);
  let set = null;
  for (const [facet, value] of chosen) {
    const these = pages(own(own(all, facet), value) || []);
    set = set ? new Set([...set].filter(page => these.has(page))) : these;
  }
  return set;
}

// The pages matching every word of the query, with their scores (null: no words, so
// every page).
async function matching(info, value) {
  const wanted = queryWords(value);
  if (!wanted.length) return null;
  const each = await Promise.all(wanted.map(word => scores(info, word)));
  each.sort((a, b) => a.size - b.size);
  const total = new Map();
  for (const [page, score] of each[0]) {
    let sum = score;
    for (const other of each.slice(1)) {
      const more = other.get(page);
      if (more === undefined) { sum = -1; break; }
      sum += more;
    }
    if (sum >= 0) total.set(page, sum);
  }
  return total;
}

// The pages of the query that the filters allow, best first; without words, every page
// the filters allow, in the index's order (articles newest first).
function ranked(matched, allow) {
  if (!matched) return allow ? [...allow].sort((a, b) => a - b) : [];
  return [...matched].filter(([page]) => !allow || allow.has(page))
    .sort((a, b) => b[1] - a[1] || a[0] - b[0]).map(([page]) => page);
}

// How many of the query's pages each filter value has, counting with the values chosen
// in the other filters (so that a reader sees what choosing another value would give).
async function counted(info, matched) {
  const all = await load(info.filters);
  const chosen = Object.entries(filters).filter(([, value]) => value)
    .map(([facet, value]) => [facet, pages(own(own(all, facet), value) || [])]);
  const counts = {};
  for (const [facet, values] of Object.entries(all)) {
    const others = chosen.filter(([name]) => name !== facet).map(([, set]) => set);
    const keep = page => (!matched || matched.has(page)) && others.every(set => set.has(page));
    counts[facet] = Object.create(null);  // a value may be any text, "__proto__" too
    for (const [value, steps] of Object.entries(values)) {
      let count = 0, page = 0;
      for (const step of steps) if (keep(page += step)) count++;
      counts[facet][value] = count;
    }
  }
  return counts;
}

// Up to EXCERPT words of `text` around its first match, the matching words marked.
function excerpt(text, wanted) {
  const spans = [...String(text).matchAll(WORD)];
  if (!spans.length) return "";
  const hit = span => wanted.some(w => matches(span[0].normalize("NFKC").toLowerCase(), w));
  const first = spans.findIndex(hit);
  const start = Math.max(0, first - Math.floor(EXCERPT / 4));
  const shown = spans.slice(start, start + EXCERPT);
  let out = start > 0 ? "… " : "";
  let at = shown[0].index;
  for (const span of shown) {
    out += escape(text.slice(at, span.index));
    out += hit(span) ? `<mark>${escape(span[0])}</mark>` : escape(span[0]);
    at = span.index + span[0].length;
  }
  const end = shown[shown.length - 1];
  if (end !== spans[spans.length - 1]) out += " …";
  return out;
}

function hits(text, wanted) {
  const found = new Set();
  for (const word of words(text)) for (const w of wanted) if (matches(word, w)) found.add(w);
  return found.size;
}

// A page whose name is the query goes first among those shown.
function exactFirst(shown, value) {
  const wanted = words(value).join(" ");
  const named = page => page.names.some(name => words(name).join(" ") === wanted);
  return [...shown.filter(named), ...shown.filter(page => !named(page))];
}

// One result in Material's form: the page first, its excerpt from the section that
// matched best, then its other matching sections, each with a score below the page's,
// so that they fold under it.
function item(page, rank, value) {
  const wanted = queryWords(value);
  const found = Object.fromEntries(wanted.map(w => [w.word, true]));
  const score = SHOWN - rank;
  const url = new URL(page.url, base).href;
  const sections = page.sections.map(([id, heading, text]) => ({
    id, heading, text, hits: hits(heading + " " + text, wanted)
  }));
  const best = sections.reduce((a, b) => (b.hits > a.hits ? b : a), sections[0]
    || { text: "", hits: 0 });
  const items = [{
    location: url, title: escape(page.title || page.url),
    text: excerpt(best.text, wanted), score, terms: found
  }];
  for (const section of sections) {
    if (items.length > SECTIONS || !section.id || !section.hits || section === best) continue;
    items.push({
      location: `${url}#${section.id}`, title: escape(section.heading),
      text: excerpt(section.text, wanted), score: score / 2, terms: found
    });
  }
  return items;
}

// A query is looked up once typing pauses: the words on the way ("s", "sa", "san")
// would each fetch the chunks of every word they begin. A single letter is not looked
// up at all.
async function answer(value, pause = PAUSE) {
  const mine = ++serial;
  const active = Object.values(filters).some(Boolean);
  const looked = value.trim().length >= 2 || active;
  let items = [], total = 0, counts = null;
  if (looked || counting) {
    try {
      if (pause && looked) {
        await new Promise(resolve => setTimeout(resolve, pause));
        if (mine !== serial) return;
      }
      const info = await index();
      const matched = looked ? await matching(info, value) : null;
      if (counting) counts = await counted(info, matched);
      const found = looked ? ranked(matched, await allowed(info)) : [];
      if (mine !== serial) return;
      total = found.length;
      const shown = await Promise.all(found.slice(0, SHOWN).map(page => load(`p/${page}.json.gz`)));
      items = exactFirst(shown, value).map((page, rank) => item(page, rank, value));
    } catch (err) {
      console.warn("search:", err);
    }
  }
  if (mine !== serial) return;
  if (counts) channel.postMessage({ facets: counts });
  channel.postMessage({ query: value, total, shown: items.length });
  self.postMessage({ type: RESULT, data: { items } });
}

channel.onmessage = ({ data }) => {
  if (data.filters) {
    filters = data.filters;
    answer(query, 0);
  } else if (data.facets && !counting) {
    counting = true;
    answer(query, 0);
  }
};

self.onmessage = ({ data }) => {
  if (data.type === QUERY) {
    query = data.data;
    answer(query);
  }
};

self.postMessage({ type: READY });
