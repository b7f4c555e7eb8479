"""Pelican's internals, behind one door.

What the site needs of Pelican beyond its public API is here, checked against the one
release it was written for (TESTED_VERSION, the pin in requirements.txt): an article's
body as read (before Pelican resolves its links), its URL and output file kept once
final (keep_address), the generators' content cache (keep_contents), the paginator, and
Pelican.run() in two steps that the build and the preview share. The speed modules
beside this one, and the preview, also reach into Pelican (its reader, writer and
feeds); nothing else does (tests/test_architecture.py checks it).

Pelican's command line makes the class named by the PELICAN_CLASS setting, which
pelicanconf.py sets to SitePelican ("dangjian.SitePelican").
"""

import contextlib
import logging
import os
import time
import types

import pelican
import pelican.writers
from blinker import signal
from pelican import Pelican, signals
from pelican.contents import Content
from pelican.generators import ArticlesGenerator
from pelican.utils import clean_output_dir

from . import bodies

# Sent by SitePelican.read with its `generators`, made, before any of them reads a source.
before_reading = signal("dangjian-before-reading")

TESTED_VERSION = "4.12.0"

logger = logging.getLogger(__name__)


class UntestedPelican(SystemExit):
    """Pelican is not the release this code was written for: stop before reading."""

    def __init__(self, version):
        super().__init__(
            f"Pelican 的版本是 {version}，本网站的构建程序只在 {TESTED_VERSION} 上验证过"
            "（它用到 Pelican 的内部接口），网站没有生成。"
            f"请运行 ./run（按 requirements.txt 安装 pelican=={TESTED_VERSION}）后重试；"
            "升级 Pelican 时，先在 dangjian/speed/ 和 dangjian/preview/ 中核对这些接口，"
            "再改 TESTED_VERSION。"
            f" (Pelican {version} is not the tested {TESTED_VERSION}.)"
        )


def check_version(version=pelican.__version__):
    if version != TESTED_VERSION:
        raise UntestedPelican(version)


def body(content):
    """The HTML of an article's or page's body, as read (links not yet resolved)."""
    return content._content


def set_body(content, html):
    content._content = html


class _Body:
    """Content._content: the body as Pelican set it, or read again from disk once
    `body_on_disk` put it there."""

    def __get__(self, content, owner=None):
        if content is None:
            return self
        try:
            value = content.__dict__["_content"]
        except KeyError:
            raise AttributeError("_content") from None
        return value.text() if isinstance(value, bodies.OnDisk) else value

    def __set__(self, content, value):
        content.__dict__["_content"] = value


Content._content = _Body()
# Pelican keeps what get_content returned for each content and site URL until the
# process ends: every body the process rendered, read back from disk. Without its
# memo, a body is read again at each use (once per page that shows it).
Content.get_content = Content.__dict__["get_content"].func


def body_on_disk(content):
    """From now on, `content`'s body is read from disk when used (bodies.py); it stays in
    memory if the temporary folder cannot be written (full, read-only)."""
    value = content.__dict__.get("_content")
    if type(value) is str and value:  # not a Markup, which templates do not escape
        with contextlib.suppress(OSError):
            content.__dict__["_content"] = bodies.keep(value)


def set_summary(content, html):
    """A summary the file gave, replaced (Pelican keeps a second copy of it)."""
    content.metadata["summary"] = html
    if getattr(content, "_summary", None):
        content._summary = html


_KEPT_SAVE_AS = "_dangjian_save_as"
_pelican_save_as = Content.save_as.fget


def _save_as(content):
    kept = content.__dict__.get(_KEPT_SAVE_AS)
    return _pelican_save_as(content) if kept is None else kept


# Pelican works out a content's URL and output file from its fields at every use of
# `url` and `save_as` (its metadata copied, its source path made relative, its date
# formatted three times): six times per article in a build. Its `override_save_as`
# would keep the output file, but marks the page as one whose file was overridden
# (written with override_output, which the render cache does not cache).
Content.save_as = property(_save_as, doc=Content.save_as.__doc__)


_pelican_relative_source_path = Content.get_relative_source_path


def _relative_source_path(content, source_path=None):
    """Pelican's get_relative_source_path, cut from the path when it is an absolute,
    normal one under PATH (Pelican's source paths are): os.path.relpath, three times
    slower, is called some 35,000 times in a daily publish at 5,000 articles."""
    path = source_path or content.source_path
    root = os.path.join(content.settings["PATH"], "")
    if path and path.startswith(root) and os.path.abspath(path) == path:
        return path[len(root) :].replace(os.sep, "/")
    return _pelican_relative_source_path(content, source_path)


Content.get_relative_source_path = _relative_source_path


def keep_address(content, address=None):
    """From now on, `content`'s URL and output file are what they are now, or `address`
    (URL, output file) when it is known already: the URL as Pelican's `override_url`, the
    output file beside it. Returns (URL, output file)."""
    url, save_as = address or (content.url, content.save_as)
    content.__dict__[_KEPT_SAVE_AS] = save_as
    if not hasattr(content, "override_url"):
        content.override_url = url
    return url, save_as


def compact(content):
    """`content`'s fields, in a dictionary sized for them. Python gives the contents one
    table of field names to share, and a content whose fields came in another order (its
    own metadata's) a dictionary of its own, twice the size it needs: 1,584 bytes for 30
    fields instead of 832, for most articles."""
    content.__dict__ = dict(content.__dict__)


def keep_contents(generator, kept):
    """`generator` asks `kept` (kept.Kept) for each source's content before reading it,
    gives it each one it read, and saves it at its end: its content cache's methods."""
    generator.kept = kept
    generator.get_cached_data = kept.get
    generator.cache_data = kept.keep
    generator.save_cache = _saved_later  # kept.save(), once the addresses are final


def _saved_later():
    pass


def use_paginator(paginator_class):
    """Pelican's writer cuts paginated listings with `paginator_class`, a subclass of its
    Paginator (it names the class it uses in its own module)."""
    pelican.writers.Paginator = paginator_class


class _FoldersMade(types.ModuleType):
    """The `os` module, but for makedirs, which does nothing: the folders are made."""

    def __getattr__(self, name):
        return getattr(os, name)

    @staticmethod
    def makedirs(*_args, **_kwargs):
        pass


@contextlib.contextmanager
def folders_made():
    """Pelican's writer does not make the folder of each file it writes while the block
    runs (os.makedirs in Writer.write_file: three system calls and an exception for a
    folder that is there, 0.1 s for the 11,000 pages of 5,000 articles): for pages whose
    files are written already, which the writer goes through again (parallel.py)."""
    pelican.writers.os = _FoldersMade("os")
    try:
        yield
    finally:
        pelican.writers.os = os


def generator_classes(site):
    return site._get_generator_classes()


class SitePelican(Pelican):
    """Pelican, run in two steps: `read()` builds every generator's context, as
    Pelican.run() does up to writing, and `write()` writes the site. A build runs both
    (`run()`); the preview's warm site reads once and writes single pages itself."""

    def __init__(self, settings):
        check_version()
        super().__init__(settings)

    def read(self):
        """Every generator, its context built: Pelican.run() up to the writer."""
        context = self.settings.copy()
        # Shared by all generators and content objects: source paths → Content or None
        context["generated_content"] = {}
        context["static_links"] = set()
        context["static_content"] = {}
        context["localsiteurl"] = self.settings["SITEURL"]
        generators = [
            cls(
                context=context,
                settings=self.settings,
                path=self.path,
                theme=self.theme,
                output_path=self.output_path,
            )
            for cls in generator_classes(self)
        ]
        before_reading.send(self, generators=generators)
        if self.delete_outputdir and os.path.commonpath(
            [os.path.realpath(self.output_path)]
        ) != os.path.commonpath([os.path.realpath(self.output_path), os.path.realpath(self.path)]):
            clean_output_dir(self.output_path, self.output_retention)
        for generator in generators:
            if hasattr(generator, "generate_context"):
                generator.generate_context()
            if hasattr(generator, "check_disabled_readers"):
                generator.check_disabled_readers()
        signals.all_generators_finalized.send(generators)
        for generator in generators:
            if hasattr(generator, "refresh_metadata_intersite_links"):
                generator.refresh_metadata_intersite_links()
        return generators

    def write(self, generators, writer=None):
        """Write every generator's pages with `writer` (Pelican's, by default)."""
        writer = writer or self._get_writer()
        for generator in generators:
            if hasattr(generator, "generate_output"):
                generator.generate_output(writer)
        signals.finalized.send(self)

    def run(self):
        started = time.time()
        generators = self.read()
        self.write(generators)
        articles = next(g for g in generators if isinstance(g, ArticlesGenerator))
        logger.info(
            "Done: Processed %d articles, %d drafts in %.2f seconds.",
            len(articles.articles) + len(articles.translations),
            len(articles.drafts) + len(articles.drafts_translations),
            time.time() - started,
        )
