// The site's search worker (theme/assets/javascripts/search-worker.js, as copied into a
// built site) run by Node, on that site's index: the code a reader's browser runs, with
// the browser's few globals stood in for (fetch reads the site's files; a pause before a
// query is not waited for).
//
//     node bench/searchworker.cjs SITE_DIR < queries.jsonl
//
// Each line in is a JSON string, a query; each line out is the JSON list of its results
// as the dialog shows them, best first: [address relative to the site, excerpt (HTML)].
"use strict";

const fs = require("fs");
const path = require("path");
const readline = require("readline");
const vm = require("vm");
const { pathToFileURL, fileURLToPath } = require("url");

const site = path.resolve(process.argv[2] || ".");
const scripts = path.join(site, "assets", "javascripts");
let answered = null;  // what to do with the worker's next message
const self = {
  location: new URL(pathToFileURL(path.join(scripts, "search-worker.js")).href + "#node"),
  URL, Response, Blob, DecompressionStream, BroadcastChannel, console,
  fetch: async url => {
    try {
      return new Response(fs.readFileSync(fileURLToPath(url)));
    } catch {
      return new Response("", { status: 404 });
    }
  },
  setTimeout: callback => setImmediate(callback),
  importScripts: (...names) => {
    for (const name of names) vm.runInContext(fs.readFileSync(path.join(scripts, name), "utf8"), self);
  },
  postMessage: message => answered && answered(message),
};
self.self = self;
vm.createContext(self);
vm.runInContext(fs.readFileSync(path.join(scripts, "search-worker.js"), "utf8"), self);

function ask(query) {
  return new Promise(resolve => {
    answered = message => {
      if (message.type !== 3) return;  // RESULT
      answered = null;
      resolve(message.data.items.map(([page]) => [
        page.location.slice(pathToFileURL(site).href.length + 1), page.text]));
    };
    self.onmessage({ data: { type: 2, data: query } });  // QUERY
  });
}

async function main() {
  const lines = readline.createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (!line.trim()) continue;
    process.stdout.write(JSON.stringify(await ask(JSON.parse(line))) + "\n");
  }
  process.exit(0);  // the worker's BroadcastChannel keeps Node waiting otherwise
}

main();
