// The search page: queries the Pagefind index that dangjian/build/search.py builds into pagefind/,
// and shows results in the site's own markup. Everything is loaded from this site.
import { details, find, openIndex } from "./find.js";

const PAGE_SIZE = 10;

const page = document.querySelector(".search-page");
const form = page.querySelector(".search-form");
const input = form.querySelector("input[name=q]");
const filterSet = form.querySelector(".search-filters");
const selects = [...filterSet.querySelectorAll("select[data-filter]")];
const status = page.querySelector(".search-status");
const list = page.querySelector(".search-results");
const more = page.querySelector(".search-more");
const clear = page.querySelector(".search-clear");

let pagefind;
try {
  const siteRoot = new URL(page.dataset.siteRoot, location.href).pathname;
  pagefind = await openIndex(page.dataset.searchBundle, siteRoot);
} catch {
  status.textContent = "暂时无法搜索：网站还没有可供搜索的稿件索引。";
  throw new Error("no search index at " + page.dataset.searchBundle);
}

// Filter choices: every value in the index, with how many pieces carry it.
const available = await pagefind.filters();
const params = new URLSearchParams(location.search);
for (const select of selects) {
  const values = Object.entries(available[select.dataset.filter] || {});
  const order = JSON.parse(select.dataset.order); // print order; the rest by pinyin after it
  const rank = (value) => (order.includes(value) ? order.indexOf(value) : order.length);
  values.sort(([a], [b]) => rank(a) - rank(b) || a.localeCompare(b, "zh-CN"));
  for (const [value, count] of values) {
    select.append(new Option(`${value}（${count}）`, value));
  }
  select.value = params.get(select.name) || "";
}
filterSet.hidden = false;
if (params.has("q")) input.value = params.get("q"); // else keep what the reader typed already

let pending = [];
let searches = 0;
let listed = ""; // the query of the results listed, for their excerpts

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text) node.textContent = text;
  return node;
}

function renderResult(result) {
  const item = element("li", "search-result");
  if (result.meta.column) item.append(element("p", "eyebrow", result.meta.column));
  const heading = element("h2", "search-result-title");
  const link = element("a", "", result.meta.title || result.url);
  link.href = result.url;
  heading.append(link);
  item.append(heading);
  const credit = [result.meta.byline, result.meta.date].filter(Boolean).join(" · ");
  if (credit) item.append(element("p", "search-result-meta", credit));
  const excerpt = element("p", "search-excerpt");
  excerpt.innerHTML = result.excerpt; // Pagefind's escaped text with <mark> around the matches
  item.append(excerpt);
  return item;
}

async function showMore() {
  const next = pending.splice(0, PAGE_SIZE);
  const results = await Promise.all(next.map((result) => details(result, listed)));
  list.append(...results.map(renderResult));
  more.hidden = pending.length === 0;
}

async function run() {
  const asked = ++searches;
  const query = input.value.trim();
  const filters = {};
  const address = new URLSearchParams();
  if (query) address.set("q", query);
  for (const select of selects) {
    if (select.value) {
      filters[select.dataset.filter] = select.value;
      address.set(select.name, select.value);
    }
  }
  history.replaceState(null, "", `${location.pathname}${address.size ? "?" + address : ""}`);
  clear.hidden = true;
  if (!query && !Object.keys(filters).length) {
    list.replaceChildren();
    more.hidden = true;
    status.textContent = "请输入要查找的人名、单位、地名或词语。";
    return;
  }
  // Without words, list the filtered pieces newest first.
  const options = query ? { filters } : { filters, sort: { date: "desc" } };
  await new Promise((resolve) => setTimeout(resolve, 200)); // let the reader finish typing
  if (asked !== searches) return;
  const found = await find(pagefind, query, options);
  if (asked !== searches) return; // a newer search replaced this one
  list.replaceChildren();
  pending = found;
  listed = query;
  const count = pending.length;
  const what = query ? `与“${query}”有关的稿件` : "符合条件的稿件";
  // The filters on, by name: 栏目“观潮”、类型“人物”.
  const on = selects
    .filter((select) => select.value)
    .map((select) => `${select.dataset.filter}“${select.value}”`);
  if (count) {
    status.textContent = `找到 ${count} 篇${what}。`;
  } else if (on.length) {
    status.textContent = `在${on.join("、")}中没有找到${what}。`;
    clear.hidden = false;
  } else {
    status.textContent = `没有找到${what}。请换一个词，或少输入几个字再试。`;
  }
  await showMore();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  run();
});
input.addEventListener("input", run);
for (const select of selects) select.addEventListener("change", run);
more.addEventListener("click", showMore);
clear.addEventListener("click", () => {
  for (const select of selects) select.value = "";
  run();
  input.focus();
});
run();
