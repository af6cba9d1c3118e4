// The archive's search worker: Material's search dialog asks it (Material's worker
// messages: SETUP 0, READY 1, QUERY 2, RESULT 3) and it answers from the index the
// archive plugin writes into search/ (generator/outputs/searchindex.py has its format).
// Nothing is loaded with the page: the first query fetches search/index.json, then each
// query only the word chunks holding its words and the excerpts of the results shown,
// and, when a word is not a key of the index itself or the query finds few pages, the
// names of the actors and topics, to forgive a misspelt one (search-words.js).
// The dialog's script (search-dialog.js) talks to it over a BroadcastChannel named by
// this worker's address fragment, one per page: it sends {filters}, {facets: true} or
// {from} (the first result to show); the worker sends {query, total, from, shown, size}
// per answer (size: how many it shows at a time) and, once the filters were asked for,
// {facets}: how many of the query's pages each filter value has.
"use strict";

importScripts("search-words.js");  // WORD, PREFIX, STEM, words, stem, nameTable, nearNames, whole

const READY = 1, QUERY = 2, RESULT = 3;
const SHOWN = 10;  // results shown at a time, whose excerpts are fetched
const SECTIONS = 3;  // sections shown under a result
const EXCERPT = 24;  // words of an excerpt
const PAUSE = 200;  // ms without a keystroke before a query is looked up
const PARTIAL = 0.8;  // the weight of a word found by its beginning, not as itself
const FEW = 5;  // a query that finds fewer pages is compared with the names
const base = new URL("../../", self.location.href);  // the site's root
const folder = new URL("search/", base);
const channel = new BroadcastChannel("archive-search-" + self.location.hash.slice(1));

let manifest = null;
let filters = {};
let counting = false;  // the filters were opened: each answer counts their values
let query = "";
let from = 0;  // the first result shown
let serial = 0;
let last = null;  // the last query looked up, its filters and its ranked pages
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

let names = null;  // the names file, as search-words.js looks it up

async function nameIndex(info) {
  if (!info.names) return null;
  if (!names) {
    names = load(info.names).then(nameTable);
    names.catch(() => { names = null; });  // tried again next time
  }
  return names;
}

function escape(text) {
  return String(text).replace(/[&<>"]/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;" })[c]);
}

// The words of a query, each with its key; the last one is still being typed unless the
// query ends with a space or a stop.
function queryWords(value) {
  const list = [...new Set(words(value))];
  const typing = /[\p{L}\p{M}\p{N}]$/u.test(String(value).normalize("NFKC"));
  return list.map((word, i) => ({ word, key: stem(word), typing: typing && i === list.length - 1 }));
}

// The chunk that holds the key: chunk i holds the keys from its first key up to the
// next chunk's first.
function chunkAt(chunks, key) {
  let low = 0, high = chunks.length - 1, at = 0;
  while (low <= high) {
    const mid = (low + high) >> 1;
    if (chunks[mid][0] <= key) { at = mid; low = mid + 1; } else high = mid - 1;
  }
  return at;
}

// A key's value only if the object has it ("constructor" is a word, not a method here).
function own(object, key) {
  return object && Object.hasOwn(object, key) ? object[key] : undefined;
}

// The keys a query word is found by, each [key, postings, weight]: its own key; failing
// that, while the reader is still typing it (PREFIX letters or more), the keys it begins
// ("zelensk": "zelenskyy") or, failing those, the key it is an ending short of ("demini":
// "demin"). Only whole words are found otherwise: "sen" does not find "seng".
async function keysOf(info, wanted) {
  const { chunks } = info;
  if (!chunks.length) return [];
  const itself = own(await load(chunks[chunkAt(chunks, wanted.key)][1]), wanted.key);
  if (itself) return [[wanted.key, itself, 1]];
  const { word } = wanted;
  if (!wanted.typing || word.length < PREFIX) return [];
  const found = [];
  for (let at = chunkAt(chunks, word); at < chunks.length; at++) {
    for (const [key, postings] of Object.entries(await load(chunks[at][1]))) {
      if (key.startsWith(word)) found.push([key, postings, PARTIAL]);
    }
    if (at + 1 < chunks.length && !chunks[at + 1][0].startsWith(word)) break;
  }
  for (const ending of found.length ? [] : ENDINGS) {
    const key = word.slice(0, -ending.length);
    if (!word.endsWith(ending) || key.length < STEM) continue;
    const postings = own(await load(chunks[chunkAt(chunks, key)][1]), key);
    if (postings) return [[key, postings, PARTIAL]];
  }
  return found;
}

// The beginnings of the endings a key leaves out (words.stem), longest first.
const ENDINGS = ["in", "ie", "i", "e"];

function rarity(info, postings) {
  const count = postings.length / 2;
  return Math.log(1 + (info.pages - count + 0.5) / (count + 0.5));
}

// Page number -> score for one query word: the best of its keys' scores on the page,
// each weighed by the key's rarity.
function scores(info, keys) {
  const found = new Map();
  for (const [, postings, weight] of keys) {
    const idf = rarity(info, postings) * weight;
    let page = 0;
    for (let i = 0; i < postings.length; i += 2) {
      page += postings[i];
      const score = postings[i + 1] * idf;
      if (!(found.get(page) >= score)) found.set(page, score);
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

// page -> score: the pages with `need` of the query's words, their scores added up.
function together(each, need) {
  const total = new Map();
  for (const found of each) {
    for (const [page, score] of found) {
      const had = total.get(page) || [0, 0];
      total.set(page, [had[0] + score, had[1] + 1]);
    }
  }
  const kept = [...total].filter(([, [, count]]) => count === need);
  return new Map(kept.map(([page, [score]]) => [page, score]));
}

// What a query finds: its words, the keys each was found by, each word's pages, the pages
// with every word (page -> score) and, when a word is not a key of the index itself or
// the pages are FEW, the actors and topics whose names the words are or are near
// (search-words.js); when that finds nothing either, the pages that lack one word.
async function matching(info, value) {
  const wanted = queryWords(value);
  if (!wanted.length) return null;
  const keys = await Promise.all(wanted.map(word => keysOf(info, word)));
  const each = keys.map(found => scores(info, found));
  let found = together(each, each.length);
  let near = new Map();
  if (keys.some((found, i) => found.length !== 1 || found[0][0] !== wanted[i].key)
      || found.size < FEW) {
    const table = await nameIndex(info);
    if (table) near = nearNames(table, wanted);
    for (const [page, fit] of near) fit.whole = whole(table, page, fit.words);
  }
  if (!found.size && !near.size && each.length > 1) found = together(each, each.length - 1);
  return { wanted, keys, each, found, near };
}

// The pages of the query that the filters allow, best first: the names the query is or
// is near (fewest edits, then the most of a name), then the others by score; without words,
// every page the filters allow, in the index's order (articles newest first).
function ranked(matched, allow) {
  if (!matched) return allow ? [...allow].sort((a, b) => a - b) : [];
  const { found, near } = matched;
  const ok = page => !allow || allow.has(page);
  const score = page => found.get(page) || 0;
  const named = [...near.keys()].filter(ok).sort((a, b) => near.get(a).cost - near.get(b).cost
    || near.get(b).whole - near.get(a).whole || score(b) - score(a) || a - b);
  const others = [...found.keys()].filter(page => ok(page) && !near.has(page))
    .sort((a, b) => score(b) - score(a) || a - b);
  return [...named, ...others];
}

// How many of the query's pages each filter value has, counting with the values chosen
// in the other filters (so that a reader sees what choosing another value would give).
async function counted(info, matched) {
  const all = await load(info.filters);
  const chosen = Object.entries(filters).filter(([, value]) => value)
    .map(([facet, value]) => [facet, pages(own(own(all, facet), value) || [])]);
  const found = page => !matched || matched.found.has(page) || matched.near.has(page);
  const counts = {};
  for (const [facet, values] of Object.entries(all)) {
    const others = chosen.filter(([name]) => name !== facet).map(([, set]) => set);
    const keep = page => found(page) && others.every(set => set.has(page));
    counts[facet] = Object.create(null);  // a value may be any text, "__proto__" too
    for (const [value, steps] of Object.entries(values)) {
      let count = 0, page = 0;
      for (const step of steps) if (keep(page += step)) count++;
      counts[facet][value] = count;
    }
  }
  return counts;
}

// What marks a page's words as found: key -> the query word it stands for. The keys the
// query's words were found by, and for a name the query is near, its words that were.
function marker(matched, page) {
  const marks = new Map();
  matched.keys.forEach((found, i) => {
    for (const [key] of found) marks.set(key, matched.wanted[i].word);
  });
  const near = matched.near.get(page);
  if (near) near.words.forEach(word => marks.set(stem(word), word));
  return marks;
}

function markOf(marks, text) {
  return marks.get(stem(text.normalize("NFKC").toLowerCase()));
}

// Up to EXCERPT words of `text` around its first match, the matching words marked:
// whole words only.
function excerpt(text, marks) {
  const spans = [...String(text).matchAll(WORD)];
  if (!spans.length) return "";
  const hit = span => markOf(marks, span[0]) !== undefined;
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

// How many of the query's words the text has.
function hits(text, marks) {
  const found = new Set();
  for (const word of words(text)) {
    const mark = marks.get(stem(word));
    if (mark !== undefined) found.add(mark);
  }
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
// so that they fold under it. A query word the page lacks is shown as missing.
function item(page, number, rank, matched) {
  const marks = marker(matched, number);
  const terms = Object.fromEntries(matched.wanted.map((w, i) => [w.word,
    matched.near.has(number) || matched.each[i].has(number)]));
  const score = SHOWN - rank;
  const url = new URL(page.url, base).href;
  const sections = page.sections.map(([id, heading, text]) => ({
    id, heading, text, hits: hits(heading + " " + text, marks)
  }));
  const best = sections.reduce((a, b) => (b.hits > a.hits ? b : a), sections[0]
    || { text: "", hits: 0 });
  const items = [{
    location: url, title: escape(page.title || page.url),
    text: excerpt(best.text, marks), score, terms
  }];
  for (const section of sections) {
    if (items.length > SECTIONS || !section.id || !section.hits || section === best) continue;
    items.push({
      location: `${url}#${section.id}`, title: escape(section.heading),
      text: excerpt(section.text, marks), score: score / 2, terms
    });
  }
  return items;
}

// The query's pages, ranked: those of the last answer when only the first result shown
// changed (the reader asked for more), else looked up again.
async function looked(info, value) {
  const chosen = JSON.stringify(filters);
  if (last && last.value === value && last.chosen === chosen) return last;
  const matched = await matching(info, value);
  const found = ranked(matched, await allowed(info));
  return { value, chosen, matched, found };
}

// The results from `from` on, in Material's form.
async function shownItems(found) {
  const numbers = found.found.slice(from, from + SHOWN);
  let shown = await Promise.all(numbers.map(page => load(`p/${page}.json.gz`)));
  const number = new Map(shown.map((page, i) => [page, numbers[i]]));
  if (from === 0) shown = exactFirst(shown, found.value);
  const matched = found.matched || { wanted: [], keys: [], each: [], near: new Map() };
  return shown.map((page, rank) => item(page, number.get(page), rank, matched));
}

// A query is looked up once typing pauses: the words on the way ("s", "sa", "san")
// would each fetch the chunks of every word they begin. A single letter is not looked
// up at all.
async function answer(value, pause = PAUSE) {
  const mine = ++serial;
  const active = Object.values(filters).some(Boolean);
  const wanted = value.trim().length >= 2 || active;
  let items = [], total = 0, counts = null;
  if (wanted || counting) {
    try {
      if (pause && wanted) {
        await new Promise(resolve => setTimeout(resolve, pause));
        if (mine !== serial) return;
      }
      const info = await index();
      const found = wanted ? await looked(info, value) : null;
      if (counting) counts = await counted(info, found && found.matched);
      if (mine !== serial) return;
      if (found) {
        last = found;
        total = found.found.length;
        from = Math.min(from, Math.max(0, total - 1));
        items = await shownItems(found);
      }
    } catch (err) {
      console.warn("search:", err);
    }
  }
  if (mine !== serial) return;
  if (counts) channel.postMessage({ facets: counts });
  channel.postMessage({ query: value, total, from, shown: items.length, size: SHOWN });
  self.postMessage({ type: RESULT, data: { items } });
}

channel.onmessage = ({ data }) => {
  if (data.filters) {
    filters = data.filters;
    from = 0;
    answer(query, 0);
  } else if (data.facets && !counting) {
    counting = true;
    answer(query, 0);
  } else if (Number.isInteger(data.from) && data.from >= 0) {
    from = data.from;
    answer(query, 0);
  }
};

self.onmessage = ({ data }) => {
  if (data.type === QUERY) {
    query = data.data;
    from = 0;
    answer(query);
  }
};

self.postMessage({ type: READY });
