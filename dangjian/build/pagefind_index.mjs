// Writes the search index's bundles with Pagefind's Node API, for search.py.
//
// One process per build. It reads JSON lines on stdin:
//   {"bundle": "<folder>"}                  starts a bundle, to be written to <folder>
//   {"url": "/a/b/", "parts": [...], "texts": [...]}
//                                           a page: what Pagefind is given of it is
//                                           parts[0] texts[0] parts[1] …, each text with its
//                                           word boundaries marked here, escaped
//   {"end": true}                           writes the bundle started last
//   {"quit": true}                          ends the process (as the end of stdin does: a
//                                           process forked from the one writing may hold
//                                           stdin open)
// and writes a JSON line for each bundle written: {"folder", "pages", "errors"}.
//
// The words are marked (word_boundaries.mjs) while Pagefind's service, a child process that
// indexes one page at a time, indexes the pages sent before. The service is closed after each
// bundle: that gives back the memory of the index it held, about a quarter of a megabyte per
// page. The pages of a bundle are indexed in the order they come, so that the same pages give
// the same bytes.
import * as pagefind from "pagefind";
import { markWordBoundaries } from "./word_boundaries.mjs";

const IN_FLIGHT = 64; // pages sent to Pagefind and not yet indexed, at most

// As an HTML serializer writes text (escape_text in search.py).
const escape = (text) =>
  text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");

function given({ parts, texts }) {
  const pieces = [parts[0]];
  texts.forEach((text, i) => pieces.push(escape(markWordBoundaries(text)), parts[i + 1]));
  return pieces.join("");
}

let bundle = null; // { index, folder, pages, errors, pending }

async function add(page) {
  try {
    const response = await bundle.index.addHTMLFile({ url: page.url, content: given(page) });
    bundle.errors.push(...response.errors);
  } catch (error) {
    bundle.errors.push(String(error));
  }
}

// The lines of stdin, read only as fast as they are used: pages wait in the pipe, not here.
async function* lines(input) {
  input.setEncoding("utf8");
  let buffered = "";
  for await (const chunk of input) {
    buffered += chunk;
    let end = buffered.indexOf("\n");
    while (end >= 0) {
      yield buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      end = buffered.indexOf("\n");
    }
  }
  if (buffered) yield buffered;
}

for await (const line of lines(process.stdin)) {
  if (!line) continue;
  const message = JSON.parse(line);
  if (message.quit) break;
  if (message.bundle) {
    const created = await pagefind.createIndex({});
    if (!created.index) throw new Error(`Pagefind: ${created.errors.join("; ")}`);
    bundle = { index: created.index, folder: message.bundle, pages: 0, errors: [] };
    bundle.pending = new Set();
    bundle.errors.push(...created.errors);
  } else if (message.end) {
    await Promise.all(bundle.pending);
    const written = await bundle.index.writeFiles({ outputPath: bundle.folder });
    bundle.errors.push(...written.errors);
    await pagefind.close();
    const { folder, pages, errors } = bundle;
    process.stdout.write(`${JSON.stringify({ folder, pages, errors })}\n`);
  } else {
    const adding = add(message);
    const { pending } = bundle;
    pending.add(adding);
    adding.then(() => pending.delete(adding));
    bundle.pages += 1;
    if (pending.size >= IN_FLIGHT) await Promise.race(pending);
  }
}
