// Marks word boundaries in Chinese text with U+200B (zero-width space), for the search index.
// tools/pagefind_index.mjs imports markWordBoundaries; run as a script, this file reads a
// JSON array of strings on stdin and writes the marked strings, as JSON, to stdout.
//
// It uses Intl.Segmenter, the ICU word segmentation that readers' browsers apply to what they
// type into Pagefind (1.6+): the index then holds the same words a query is cut into.
import { fileURLToPath } from "node:url";

const words = new Intl.Segmenter("zh", { granularity: "word" });

export function markWordBoundaries(text) {
  return Array.from(words.segment(text), (part) => part.segment).join("\u200b");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const chunks = [];
  for await (const chunk of process.stdin) chunks.push(chunk);
  const texts = JSON.parse(Buffer.concat(chunks).toString("utf8"));
  process.stdout.write(JSON.stringify(texts.map(markWordBoundaries)));
}
