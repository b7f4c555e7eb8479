"""Bodies kept on disk while the build runs (dangjian/speed/bodies.py): they read back as
they were, in the build's process and in the workers it forks, and pickled (the kept
contents) as their text. The pages built from them are compared byte for byte with a
build that holds them in memory (BUILD_SPEED = False) in test_build_speed.py."""

import datetime
import pickle
import sys

from markupsafe import Markup
from pelican.contents import Article
from pelican.settings import DEFAULT_CONFIG

from dangjian.speed import bodies, internals
from dangjian.speed.parallel import in_forks

TEXTS = ["<p>正文。</p>", "<p>" + "长稿件，" * 50_000 + "</p>", "ascii only", "🇨🇳 𠀀 ½"]


def test_a_body_on_disk_reads_back_as_it_was():
    kept = [bodies.keep(text) for text in TEXTS]
    assert [body.text() for body in kept] == TEXTS
    assert all(sys.getsizeof(body) < 100 for body in kept)  # the text is not held
    assert [pickle.loads(pickle.dumps(body)) for body in kept] == TEXTS


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


def article(body):
    settings = {**DEFAULT_CONFIG, "PATH": "/site/content"}
    metadata = {"title": "稿件", "date": datetime.datetime(2018, 3, 13)}
    context = {"generated_content": {}, "static_content": {}, "localsiteurl": ""}
    return Article(
        body, metadata, settings, "/site/content/articles/a.md", context
    )  # fmt: skip


def test_an_articles_body_on_disk_is_what_pelican_shows_and_pickles():
    content = article("<p>正文，见<a href='{filename}/articles/b.md'>另一篇</a>。</p>")
    internals.body_on_disk(content)
    assert isinstance(vars(content)["_content"], bodies.OnDisk)
    assert internals.body(content).startswith("<p>正文")
    assert content.content == internals.body(content)  # the link unresolved: no such file
    again = pickle.loads(pickle.dumps(content))
    assert vars(again)["_content"] == internals.body(content)  # its text, in memory


def test_markup_and_an_empty_body_stay_in_memory():
    for body in (Markup("<p>标记</p>"), ""):
        content = article(body)
        internals.body_on_disk(content)
        assert vars(content)["_content"] is body
