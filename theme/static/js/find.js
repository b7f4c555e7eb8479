// How the site searches its Pagefind index; used by search.js and by tests/test_search.py.
//
// Pieces holding what the reader typed as one phrase come first, then pieces holding all its
// words apart. The index marks word boundaries the way the browser cuts the query
// (tools/pagefind_index.mjs), so a phrase of several words (党组织 = 党 + 组织) is found where
// it is.

const WORD_BOUNDARY = /\u200b/g; // marked for the indexer only (tools/word_boundaries.mjs)
// Pagefind joins the title, the organizations and the body with ". "; in Chinese a wide space
// reads better.
const BLOCK_JOIN = /(?<=\p{Script=Han}|[”」）》]|<\/mark>)\. /gu;

// The site's index: the bundle at `bundleUrl` with the further bundles it lists merged in
// (tools/search.py indexes a big site in bundles, oldest pieces first). Results link below
// `baseUrl`. Opened once
// per page: Pagefind's module is shared, and merging a bundle twice would count it twice.
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

export async function find(pagefind, query, options = {}) {
  if (!query) return (await pagefind.search(null, options)).results;
  const phrase = `"${query.replaceAll('"', " ")}"`;
  const [exact, loose] = await Promise.all([
    pagefind.search(phrase, options),
    pagefind.search(query, options),
  ]);
  const seen = new Set(exact.results.map((result) => result.id));
  return [...exact.results, ...loose.results.filter((result) => !seen.has(result.id))];
}

// A result's title, metadata and excerpt as readers should see them.
export async function details(result) {
  const data = await result.data();
  const meta = Object.fromEntries(
    Object.entries(data.meta).map(([key, value]) => [key, value.replace(WORD_BOUNDARY, "")]),
  );
  const excerpt = data.excerpt.replace(WORD_BOUNDARY, "").replace(BLOCK_JOIN, "\u3000");
  return { url: data.url, meta, excerpt };
}
