"""What the build holds for each article while it runs (bench/RESULTS.md, fifteenth pass).

Bodies are kept on disk (dangjian/speed/bodies.py): they read back as they were, in the
build's process and in the workers it forks, and pickled (the kept contents) as their
text. Equal objects are shared (field names, tags and authors), and each content's fields
are in a dictionary sized for them. The pages built this way are compared byte for byte
with a build without the speed-ups (BUILD_SPEED = False) in test_build_speed.py, and with
a clean build in test_incremental.py."""

import datetime
import pickle
import sys
import threading
from types import SimpleNamespace

from markupsafe import Markup
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG
from pelican.urlwrappers import Author, Tag

from dangjian.model import Piece, credit
from dangjian.site.pieces import share_terms
from dangjian.speed import bodies, internals
from dangjian.speed.parallel import in_forks
from dangjian.speed.reader import ReusedMarkdownReader

SETTINGS = {**DEFAULT_CONFIG, "PATH": "/site/content"}

TEXTS = ["<p>正文。</p>", "<p>" + "长稿件，" * 50_000 + "</p>", "ascii only", "🇨🇳 𠀀 ½"]


def test_a_body_on_disk_reads_back_as_it_was():
    kept = [bodies.keep(text) for text in TEXTS]
    assert [body.text() for body in kept] == TEXTS
    assert all(sys.getsizeof(body) < 100 for body in kept)  # the text is not held
    assert [pickle.loads(pickle.dumps(body)) for body in kept] == TEXTS


def test_bodies_kept_by_threads_at_once_each_read_back_as_they_were():
    def keep_many(thread, kept):
        kept += [(text, bodies.keep(text)) for text in (f"<p>{thread} {n}</p>" for n in range(300))]

    kept = []
    threads = [threading.Thread(target=keep_many, args=(n, kept)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(kept) == 1200 and all(body.text() == text for text, body in kept)


def _read_and_keep(worker):
    """What a forked worker reads of the bodies kept before it forked, and of its own."""
    own = bodies.keep(f"<p>进程 {worker}</p>")
    return [_before.text(), own.text()]


def test_forked_workers_read_the_parents_bodies_and_keep_their_own():
    global _before
    _before = bodies.keep("<p>分叉之前</p>")
    results, failures = in_forks(_read_and_keep, 3)
    assert failures == []
    assert results == [["<p>分叉之前</p>", f"<p>进程 {worker}</p>"] for worker in range(3)]
    # the workers wrote to files of their own: this process's bodies are untouched
    after = bodies.keep("<p>分叉之后</p>")
    assert (_before.text(), after.text()) == ("<p>分叉之前</p>", "<p>分叉之后</p>")


def article(body, **fields):
    metadata = {"title": "稿件", "date": datetime.datetime(2018, 3, 13), **fields}
    context = {"generated_content": {}, "static_content": {}, "localsiteurl": ""}
    return Article(body, metadata, SETTINGS, "/site/content/articles/a.md", context)


def test_an_articles_body_on_disk_is_what_pelican_shows_and_pickles():
    content = article("<p>正文，见<a href='{filename}/articles/b.md'>另一篇</a>。</p>")
    internals.body_on_disk(content)
    assert isinstance(vars(content)["_content"], bodies.OnDisk)
    assert internals.body(content).startswith("<p>正文")
    assert content.content == internals.body(content)  # the link unresolved: no such file
    again = pickle.loads(pickle.dumps(content))
    assert vars(again)["_content"] == internals.body(content)  # its text, in memory


def test_a_body_stays_in_memory_when_the_temporary_folder_is_full(monkeypatch):
    def full(*_args):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(bodies.os, "pwrite", full)
    content = article("<p>正文。</p>")
    internals.body_on_disk(content)
    assert vars(content)["_content"] == content.content == "<p>正文。</p>"


def test_markup_and_an_empty_body_stay_in_memory():
    for body in (Markup("<p>标记</p>"), ""):
        content = article(body)
        internals.body_on_disk(content)
        assert vars(content)["_content"] is body


def test_articles_naming_a_tag_or_an_author_share_one_object_for_it():
    articles = []
    for number in range(3):
        named = article(
            "<p>正文。</p>",
            tags=[Tag("基层党建", SETTINGS), Tag(f"标签{number}", SETTINGS)],
            authors=[Author("陈春艳", SETTINGS)],
        )
        named.piece = Piece(credit=credit("news", authors=named.authors))
        articles.append(named)
    generator = SimpleNamespace(articles=articles, translations=[], hidden_articles=[], drafts=[])
    share_terms(generator)
    first, *others = articles
    for other in others:
        assert other.tags[0] is first.tags[0] and other.tags[1] is not first.tags[1]
        assert other.authors[0] is other.author is first.authors[0]
        assert other.piece.credit.authors[0] is first.authors[0]
        assert other.metadata["tags"][0] is first.tags[0]
    assert [str(tag) for tag in others[1].tags] == ["基层党建", "标签2"]


def test_field_names_read_are_shared(tmp_path):
    source = tmp_path / "a.md"
    source.write_text("Title: 稿件\nDate: 2018-03-13\nByline: 本报记者\n\n正文。", "utf-8")
    _content, metadata = ReusedMarkdownReader(SETTINGS).read(str(source))
    assert sorted(metadata) == ["byline", "date", "title"]
    assert all(name is sys.intern(name) for name in metadata)


def test_a_compacted_content_keeps_its_fields_in_less_memory():
    class Read(Article):  # a class of its own: its table of field names is this test's
        pass

    context = {"generated_content": {}, "static_content": {}, "localsiteurl": ""}
    metadata = {"title": "稿件", "date": datetime.datetime(2018, 3, 13)}
    metadata.update((f"field_{number}", number) for number in range(15))
    content = Read("<p>正文。</p>", metadata, SETTINGS, "/site/content/a.md", context)
    fields, size = dict(vars(content)), sys.getsizeof(vars(content))
    internals.compact(content)
    assert vars(content) == fields
    assert sys.getsizeof(vars(content)) == sys.getsizeof(fields) < size
