// How the site searches its Pagefind index; used by search.js and by tests/pipeline/test_search.py.
//
// Pieces holding what the reader typed as one phrase come first, then pieces holding all its
// words apart. The index marks word boundaries the way the browser cuts the query
// (dangjian/build/pagefind_index.mjs), so a phrase of several words (党组织 = 党 + 组织) is
// found where it is.
// A piece must hold every word of the query: Pagefind alone answers "xyz不存在" with the
// pieces holding 不, a word the reader did not type.
// Excerpts are cut at sentence or phrase bounds, with …… where a sentence is cut.

const WORD_BOUNDARY = /\u200b/g; // marked for the indexer only (dangjian/build/word_boundaries.mjs)
// Pagefind joins the title, the organizations and the body with ". "; in Chinese a wide space
// reads better.
const BLOCK_JOIN = /(?<=\p{Script=Han}|[”」）》]|<\/mark>)\. /gu;
const LAST_BLOCK_END = /(?<=\p{Script=Han}|[”」）》])\.$/u;

// The site's index: the bundle at `bundleUrl` with the further bundles it lists merged in
// (dangjian/build/search.py indexes a big site in bundles, oldest pieces first). Results link
// below `baseUrl`. Opened once per page: Pagefind's module is shared, and merging a bundle
// twice would count it twice.
const opened = new Map();

export function openIndex(bundleUrl, baseUrl) {
  const bundle = new URL(bundleUrl, location.href);
  if (!opened.has(bundle.href)) opened.set(bundle.href, mergeBundles(bundle, baseUrl));
  return opened.get(bundle.href);
}

async function mergeBundles(bundle, baseUrl) {
  const pagefind = await import(new URL("pagefind.js", bundle).href);
  await pagefind.options({ baseUrl });
  const listing = await fetch(new URL("bundles.json", bundle));
  const further = listing.ok ? await listing.json() : [];
  await Promise.all(
    further.map((path) => pagefind.mergeIndex(new URL(path, bundle).pathname, { baseUrl })),
  );
  return pagefind;
}

// The words of a query, cut as Pagefind cuts it (the browser's word segmenter).
export function queryWords(query) {
  const segmenter = new Intl.Segmenter("zh-CN", { granularity: "word" });
  const words = [...segmenter.segment(query)]
    .filter((segment) => segment.isWordLike)
    .map((segment) => segment.segment);
  return [...new Set(words)];
}

const quoted = (text) => `"${text.replaceAll('"', " ")}"`;

export async function find(pagefind, query, options = {}) {
  if (!query) return (await pagefind.search(null, options)).results;
  const words = queryWords(query);
  // Each word on its own, as a phrase: the pieces that hold it (a query of one word is its
  // own phrase). Pagefind leaves out of a search the words no page holds.
  const [exact, loose, ...each] = await Promise.all([
    pagefind.search(quoted(query), options),
    pagefind.search(query, options),
    ...(words.length > 1 ? words.map((word) => pagefind.search(quoted(word), options)) : []),
  ]);
  const holding = (search) => new Set(search.results.map((result) => result.id));
  const everyWord = each.length
    ? each.map(holding).reduce((all, ids) => new Set([...all].filter((id) => ids.has(id))))
    : holding(exact);
  const seen = holding(exact);
  return [
    ...exact.results,
    ...loose.results.filter((result) => !seen.has(result.id) && everyWord.has(result.id)),
  ];
}

// Where an excerpt may start or end: after a sentence's end (no …… needed there), or after
// a phrase's (a cut sentence: ……). A block of the page (title, byline, paragraph) counts
// as a sentence.
const SENTENCE_END = new Set(["。", "！", "？", "!", "?", "\u3000"]);
const PHRASE_END = new Set(["，", "、", "；", "：", ",", ";"]);
const CLOSING = new Set(["”", "’", "」", "』", "）", "》", ")"]);
const ELLIPSIS = "……";
const REACH = 40; // characters an excerpt may go past its length to reach a bound

function escapeHtml(text) {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

// The text with these words in <mark>, escaped.
function markWords(text, words) {
  const lower = text.toLowerCase();
  const sorted = [...words].filter(Boolean).sort((a, b) => b.length - a.length);
  let html = "";
  let at = 0;
  while (at < text.length) {
    const word = sorted.find((w) => lower.startsWith(w.toLowerCase(), at));
    if (word) {
      html += `<mark>${escapeHtml(text.slice(at, at + word.length))}</mark>`;
      at += word.length;
    } else {
      html += escapeHtml(text[at]);
      at += 1;
    }
  }
  return html;
}

// Where the excerpt starts: at the start of the sentence `anchor` is in, if that is near;
// else just after the nearest phrase's end before it.
function excerptStart(text, anchor) {
  const reach = Math.max(0, anchor - REACH);
  for (let at = anchor - 1; at >= reach; at--) {
    if (SENTENCE_END.has(text[at])) return { start: at + 1, cut: false };
    if (CLOSING.has(text[at]) && SENTENCE_END.has(text[at - 1])) return { start: at + 1, cut: false };
  }
  if (reach === 0) return { start: 0, cut: false };
  for (let at = anchor - 1; at >= reach; at--) {
    if (PHRASE_END.has(text[at])) return { start: at + 1, cut: true };
  }
  return { start: anchor - REACH / 2, cut: true };
}

// Where it ends: at the first bound from `from` on; a sentence keeps its end (and a closing
// quote after it), a phrase's comma gives way to ……
function excerptEnd(text, from) {
  for (let at = from; at < Math.min(text.length, from + REACH); at++) {
    if (SENTENCE_END.has(text[at])) {
      let end = at + (text[at] === "\u3000" ? 0 : 1);
      while (CLOSING.has(text[end])) end++;
      return { end, cut: false };
    }
    if (PHRASE_END.has(text[at])) return { end: at, cut: true };
  }
  if (from + REACH >= text.length) return { end: text.length, cut: false };
  return { end: from + REACH / 2, cut: true };
}

// An excerpt of `content` (a page's indexed text) around the first place it holds the
// query (or else its longest word it holds), `length` characters or a little more, as HTML.
export function excerptOf(content, query, length = 60) {
  const text = content
    .replace(WORD_BOUNDARY, "")
    .replace(BLOCK_JOIN, "\u3000")
    .replace(LAST_BLOCK_END, "")
    .trim();
  const words = query ? [query, ...queryWords(query).sort((a, b) => b.length - a.length)] : [];
  const lower = text.toLowerCase();
  let anchor = -1;
  let found = "";
  for (const word of words) {
    const at = lower.indexOf(word.toLowerCase());
    if (at >= 0) {
      anchor = at;
      found = word;
      break;
    }
  }
  if (anchor < 0) anchor = 0;
  const { start, cut: cutBefore } = excerptStart(text, anchor);
  const { end, cut: cutAfter } = excerptEnd(text, Math.max(anchor + found.length, start + length));
  const body = text.slice(start, end).replace(/^[\s\u3000]+|[\s\u3000]+$/g, "");
  // The query where the excerpt holds it whole; else its words, one character alone only
  // when the query is one (党组织 marks 党组织 and 组织, never every 党).
  const marked = body.toLowerCase().includes(query.toLowerCase())
    ? [query]
    : words.filter((word) => word.length > 1 || word === query);
  return (cutBefore ? ELLIPSIS : "") + markWords(body, marked) + (cutAfter ? ELLIPSIS : "");
}

// A result's title, metadata and excerpt as readers should see them.
export async function details(result, query) {
  if (typeof query !== "string") query = ""; // also when called as results.map(details)
  const data = await result.data();
  const meta = Object.fromEntries(
    Object.entries(data.meta).map(([key, value]) => [key, value.replace(WORD_BOUNDARY, "")]),
  );
  // The title is shown above the excerpt: the excerpt starts after it.
  const content = data.content.replace(WORD_BOUNDARY, "");
  const title = meta.title || "";
  const text = title && content.startsWith(title) ? content.slice(title.length) : content;
  return { url: data.url, meta, excerpt: excerptOf(text.replace(/^\. /, ""), query) };
}
