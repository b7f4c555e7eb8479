// How the site searches its Pagefind index; used by search.js and by tests/test_search.py.
//
// Pieces holding what the reader typed as one phrase come first, then pieces holding all its
// words apart. The index marks word boundaries the way the browser cuts the query
// (tools/search.py), so a phrase of several words (党组织 = 党 + 组织) is found where it is.

const WORD_BOUNDARY = /\u200b/g; // marked by tools/search.py for the indexer only
// Pagefind joins the title, the organizations and the body with ". "; in Chinese a wide space
// reads better.
const BLOCK_JOIN = /(?<=\p{Script=Han}|[”」）》]|<\/mark>)\. /gu;

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
