// Marks word boundaries in Chinese text with U+200B (zero-width space), for the search index.
// Reads a JSON array of strings on stdin and writes the marked strings, as JSON, to stdout.
//
// It uses Intl.Segmenter, the ICU word segmentation that readers' browsers apply to what they
// type into Pagefind (1.6+): the index then holds the same words a query is cut into.
const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const texts = JSON.parse(Buffer.concat(chunks).toString("utf8"));
const words = new Intl.Segmenter("zh", { granularity: "word" });
const marked = texts.map((text) =>
  Array.from(words.segment(text), (part) => part.segment).join("\u200b"),
);
process.stdout.write(JSON.stringify(marked));
