// What a word is and what it is looked up by, in the reader's browser: the rules of
// generator/outputs/words.py, which the index is written with (tests/test_search_words.py
// runs both on a list of words). The search worker loads this file; nothing here
// fetches or keeps anything.
"use strict";

// A word: a run of letters, combining marks and digits in any script, NFKC-normalised
// and in lower case.
const WORD = /[\p{L}\p{M}\p{N}]+/gu;

function words(text) {
  return String(text).normalize("NFKC").toLowerCase().match(WORD) || [];
}

// The key a word is indexed by: an English word without its inflection ("sanctions" ->
// "sanction", "deminers" -> "demin"); other words are their own key.
const SHORT = 3, STEM = 4;

function stem(word) {
  if (word.length <= SHORT || !/^[a-z]+$/.test(word)) return word;
  word = singular(word);
  let cut = suffix(word);
  if (cut !== word) {
    const last = cut[cut.length - 1];
    if (cut.length > 2 && last === cut[cut.length - 2] && !"aeioulsz".includes(last)) {
      cut = cut.slice(0, -1);  // planned -> plan, running -> run
    }
    return cut;
  }
  return word.endsWith("e") && word.length > STEM ? word.slice(0, -1) : word;
}

function singular(word) {
  if (word.endsWith("ies") && word.length > STEM) return word.slice(0, -3) + "y";
  if (["sses", "ches", "shes", "xes", "zes"].some(end => word.endsWith(end))) {
    return word.slice(0, -2);
  }
  if (word.endsWith("s") && !["ss", "us", "is"].some(end => word.endsWith(end))) {
    return word.slice(0, -1);
  }
  return word;
}

function suffix(word) {
  if (word.endsWith("ied") && word.length > STEM) return word.slice(0, -3) + "y";
  for (const [end, least] of [["ing", STEM], ["ed", STEM], ["er", STEM + 1]]) {
    if (word.endsWith(end) && word.length - end.length >= least) {
      return word.slice(0, -end.length);
    }
  }
  return word;
}

// Whether two words differ by one edit at most: a letter added, left out or changed, or
// two letters next to each other swapped.
function within1(a, b) {
  if (a === b) return true;
  if (Math.abs(a.length - b.length) > 1) return false;
  let at = 0;
  while (at < a.length && at < b.length && a[at] === b[at]) at++;
  if (a.length > b.length) return a.slice(at + 1) === b.slice(at);
  if (a.length < b.length) return a.slice(at) === b.slice(at + 1);
  return a.slice(at + 1) === b.slice(at + 1)
    || (a[at] === b[at + 1] && a[at + 1] === b[at] && a.slice(at + 2) === b.slice(at + 2));
}

// --- names: the words of the actors' and topics' names, to forgive a misspelt one ---

const PREFIX = 3;  // letters a word being typed needs to stand for the words it begins
const MISSPELT = 2;  // edits a query may have to find a name

// The index's names file, as looked up here. Page i's names: "|" between names, a space
// between words, a word already written for the page as "^" and its number among the
// page's words (generator/outputs/searchnames.py).
function nameTable(lines) {
  const pages = new Map();  // word -> the pages whose names have it
  const names = lines.map((line, page) => {
    const seen = [];
    return line.split("|").map(name => name.split(" ").map(word => {
      if (word.startsWith("^")) return seen[Number(word.slice(1))];
      seen.push(word);
      if (!pages.has(word)) pages.set(word, []);
      pages.get(word).push(page);
      return word;
    }));
  });
  const vocabulary = [...pages.keys()];
  return { pages, vocabulary, stems: vocabulary.map(stem), names };
}

// How much of one of the page's names the words found make up, at best: 1 when they
// are a whole name ("zelenskyy" of Volodymyr Zelenskyy), less when they are part of one
// ("zelenskyy" of "Zelenskyy's peace formula").
function whole(table, page, found) {
  const have = new Set(found);
  let best = 0;
  for (const name of table.names[page] || []) {
    best = Math.max(best, name.filter(word => have.has(word)).length / name.length);
  }
  return best;
}

// Each query word with what it may stand for, then the names that have one of those
// for every word: page -> {cost (the edits it took), words (the name words found)}.
// `query`: [{word, typing}] (typing: the reader is still typing the word).
function nearNames(table, query) {
  const best = [null];  // best[i]: the pages with the first i words (null: any page)
  for (let i = 0; i < query.length; i++) {
    const { word, typing } = query[i];
    // a word alone is near other words from three letters on; beside other words, which
    // must fit the same name, any word is
    const near = query.length > 1 || word.length >= 3;
    best[i + 1] = extend(best[i + 1], best[i], wordFits(table, word, typing, near));
    if (i + 1 < query.length) {
      best[i + 2] = extend(best[i + 2], best[i], pairFits(table, word, query[i + 1].word));
    }
  }
  return best[query.length] || new Map();
}

function extend(into, from, fits) {
  const out = into || new Map();
  for (const [page, fit] of fits) {
    const before = from === null ? { cost: 0, words: [] } : from.get(page);
    if (!before || before.cost + fit.cost > MISSPELT) continue;
    const had = out.get(page);
    if (!had || before.cost + fit.cost < had.cost) {
      out.set(page, { cost: before.cost + fit.cost, words: [...before.words, ...fit.words] });
    }
  }
  return out;
}

// page -> {cost, words}: the names with `word` itself or another form of it (cost 0),
// while it is typed a word it begins (0), a word one edit away (1), or two words whose
// space was typed as a letter or left out (1).
function wordFits(table, word, typing, near) {
  const fits = new Map();
  const key = stem(word);
  table.vocabulary.forEach((name, i) => {
    if (name === word || table.stems[i] === key) fit(fits, table.pages.get(name), 0, [name]);
    else if (typing && word.length >= PREFIX && name.startsWith(word)) {
      fit(fits, table.pages.get(name), 0, [name]);
    } else if (near && within1(word, name)) fit(fits, table.pages.get(name), 1, [name]);
  });
  if (!near) return fits;
  for (let at = 1; at < word.length; at++) {
    const left = word.slice(0, at);
    if (!table.pages.has(left)) continue;
    for (const right of [word.slice(at), word.slice(at + 1)]) {
      if (table.pages.has(right)) fit(fits, both(table, left, right), 1, [left, right]);
    }
  }
  return fits;
}

// page -> {cost, words}: two query words that are one name word with a space typed in
// it, or two name words with a letter typed on the wrong side of the space between them.
function pairFits(table, a, b) {
  const fits = new Map();
  if (table.pages.has(a + b)) fit(fits, table.pages.get(a + b), 1, [a + b]);
  for (const [x, y] of [[a + b[0], b.slice(1)], [a.slice(0, -1), a.slice(-1) + b]]) {
    if (x && y && table.pages.has(x) && table.pages.has(y)) {
      fit(fits, both(table, x, y), 1, [x, y]);
    }
  }
  return fits;
}

function both(table, x, y) {
  const second = new Set(table.pages.get(y));
  return table.pages.get(x).filter(page => second.has(page));
}

function fit(fits, pages, cost, words) {
  for (const page of pages) {
    const had = fits.get(page);
    if (!had || cost < had.cost) fits.set(page, { cost, words });
  }
}
