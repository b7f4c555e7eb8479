"""The fast path of the preview: an edited article's own page, rendered in well under a second.

A full build (dangjian/build/pipeline.py) at newspaper scale takes half a minute, most of it for
pages the edit does not change. `WarmSite` keeps, in a long-lived child process, a
Pelican that has read the whole site and built every generator's context (as a build
does, with the same settings and plugins) but recorded each page's write call
instead of rendering it. When one article file changes and its fields are as they
were (only the body changed), the worker:

1. runs the content model's checks on that file, as a build runs them on every file;
2. reads it again with the same reader and per-article signal handlers a build uses;
3. puts the new body into the article object the context already holds, so every
   listing and link that refers to it stays as it is;
4. makes the article page's recorded write call again, through Pelican's writer,
   into a folder of its own: byte for byte the page a full build writes.

Any other change (a new, deleted or renamed file, a changed field, a template, a
registry, a setting, a plugin) is not handled here: `render()` says so and the
preview runs the full build, which stays the source of truth for every change.

Settings from the build are used unchanged except BUILD_PROCESSES = 1 (the worker
records, it does not render in parallel; the output is the same:
tests/pipeline/test_build_speed.py) and OUTPUT_PATH, a folder where nothing is written,
beside which its caches go (the articles kept as read, the checks, the compiled
templates: speed.beside_output): for the preview of a build into `output`, in
`.output.preview/` beside that folder, kept from one warm site to the next and apart
from the build's own (`invoke clean` removes it with the build's folders); else in a
folder of its own, removed when the worker ends.
The worker reads the site as a build does, with the same entry point
(dangjian.speed.internals.SitePelican.read).
"""

import contextlib
import json
import logging
import os
import shutil
import subprocess
import sys
import tempfile
import traceback
from pathlib import Path

from dangjian.paths import ROOT, SETTINGS

FAST = "fast"  # rendered: `pages` lists the pages' save_as
ERRORS = "errors"  # the file has content errors: `log` is what a build would print
SLOW = "slow"  # not a change the fast path handles: run the full build

# Fields that may change with the body alone: the site makes the summary from the body.
BODY_FIELDS = {"summary"}


class WarmSite:
    """A child process holding a built Pelican context; `render(path)` asks it for a page.

    `settings`, `content` and `overrides` are those of dangjian.build.pipeline.build_site,
    `output` the folder that build writes, if any (its caches go beside it: _scratch).
    Starting takes as long as Pelican takes to read the site; `ready` says whether it could.
    """

    def __init__(self, pages, settings=SETTINGS, content=None, overrides=None, output=None):
        self.pages = Path(pages)  # where the worker writes the pages it renders
        request = {"settings": str(settings), "content": content and str(content)}
        request.update(overrides=overrides or {}, pages=str(self.pages))
        request.update(output=output and str(Path(output).resolve()))
        self._process = subprocess.Popen(
            [sys.executable, "-m", "dangjian.preview.warm"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,  # what it logs comes back in its answers
            text=True,
            encoding="utf-8",
            env={**os.environ, "PYTHONUTF8": "1"},
        )
        self.ready, self.log = self._ask(request) or (False, "预览进程没有启动")

    def _ask(self, message):
        try:
            self._process.stdin.write(json.dumps(message, ensure_ascii=False) + "\n")
            self._process.stdin.flush()
            return json.loads(self._process.stdout.readline())
        except (OSError, ValueError):
            return None

    def render(self, path):
        """(FAST, [save_as, …]) | (ERRORS, log) | (SLOW, why) for a changed file `path`."""
        answer = self._ask(os.path.abspath(path)) if self.ready else None
        return tuple(answer) if answer else (SLOW, "预览进程已退出")

    def close(self):
        with contextlib.suppress(OSError):
            self._process.stdin.close()
        try:
            self._process.wait(5)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()
        self._process.stdout.close()


def main():
    """The worker: read the site, then answer render requests until stdin closes."""
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # whatever else prints must not mix with the answers
    requests = sys.stdin

    def answer(value):
        answers.write(json.dumps(value, ensure_ascii=False) + "\n")
        answers.flush()

    request = json.loads(requests.readline())
    scratch, removed = _scratch(request["output"])
    captured = _capture_log()
    try:
        site = _Site(request, scratch, captured)
    except BaseException:  # a content error stops Pelican with SystemExit
        answer([False, captured.text() or traceback.format_exc()])
        shutil.rmtree(removed, ignore_errors=True)
        return
    answer([True, captured.text()])
    for line in requests:
        try:
            result = site.render(json.loads(line)) if site else (SLOW, "需要重新读入网站")
        except Exception:  # the context may be half changed: no more fast pages from it
            site, result = None, (SLOW, traceback.format_exc())
        answer(result)
    shutil.rmtree(removed, ignore_errors=True)


def _scratch(output):
    """(the worker's OUTPUT_PATH, where nothing is written, its caches beside it; the
    folder to remove when the worker ends): see the module's docstring."""
    if output:
        kept = Path(output).with_name(f".{Path(output).name}.preview")
        scratch = kept / "site"
        scratch.mkdir(parents=True, exist_ok=True)
        return str(scratch), str(scratch)
    own = tempfile.mkdtemp(prefix="preview-")
    os.mkdir(os.path.join(own, "site"))
    return os.path.join(own, "site"), own


class _Captured(logging.Handler):
    """What Pelican and the plugins log, as the build's plain log handler prints it."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.lines = []

    def emit(self, record):
        self.lines.append(record.getMessage())

    def text(self):
        text, self.lines = "\n".join(self.lines), []
        return text


def _capture_log():
    captured = _Captured()
    logging.getLogger().addHandler(captured)
    logging.getLogger().setLevel(logging.WARNING)
    return captured


class _Recorder:
    """A writer that keeps each page's write call (with the context of that moment, as
    Pelican's writer copies it) and writes nothing."""

    def __init__(self):
        self.calls = {}  # save_as → (template, context, args, kwargs)

    def write_file(self, name, template, context, *args, **kwargs):
        self.calls[name] = (template, context.copy(), args, kwargs)

    def write_feed(self, *args, **kwargs):
        pass


class _Site:
    def __init__(self, request, scratch, captured):
        from pelican.generators import ArticlesGenerator
        from pelican.settings import read_settings

        from dangjian.speed.internals import SitePelican

        override = {"OUTPUT_PATH": scratch, **request["overrides"], "BUILD_PROCESSES": 1}
        if request["content"]:
            override["PATH"] = os.path.abspath(request["content"])
        self.settings = read_settings(request["settings"], override=override)
        self.pages, self.captured = request["pages"], captured
        pelican = SitePelican(self.settings)  # plugins registered; the content model checks all
        generators = pelican.read()
        self.recorder = _Recorder()
        for generator in generators:
            if hasattr(generator, "generate_output"):
                generator.generate_output(self.recorder)
        self.articles = next(g for g in generators if isinstance(g, ArticlesGenerator))

    def _article(self, path):
        """The article the context holds for the file `path`, or None."""
        generator = self.articles
        for article in generator.articles + generator.drafts + generator.hidden_articles:
            if os.path.abspath(article.source_path) == path:
                return article
        return None

    def render(self, path):
        from pelican import signals
        from pelican.contents import Article
        from pelican.writers import Writer

        from dangjian import errors

        article = self._article(path)
        if article is None or not os.path.isfile(path):
            return SLOW, "不是已有的稿件"
        self.captured.text()  # forget what was logged before
        # A build counts errors once and exits; this process counts again for every file.
        errors.forget_errors()
        problems = _problems(path, self.settings)
        for problem in problems:
            errors.log(problem)
        new = None
        if not problems:
            generator = self.articles
            new = generator.readers.read_file(
                base_path=generator.path,
                path=os.path.relpath(path, generator.path),
                content_class=Article,
                context=generator.context,
                preread_signal=signals.article_generator_preread,
                preread_sender=generator,
                context_signal=signals.article_generator_context,
                context_sender=generator,
            )
        try:
            errors.stop_on_errors()
        except SystemExit:
            return ERRORS, self.captured.text()
        new.refresh_metadata_intersite_links()
        if _fields(new) != _fields(article):
            return SLOW, "改动了字段"
        _take_body(article, new)
        call = self.recorder.calls.get(article.save_as)
        if call is None:
            return SLOW, "没有这篇稿件的网页"
        template, context, args, kwargs = call
        Writer(self.pages, settings=self.settings).write_file(
            article.save_as, template, context, *args, **kwargs
        )
        return FAST, [article.save_as]


def _take_body(article, new):
    """Give `article`, the object every listing and link holds, the body of `new`.

    The fields are equal (checked before): what differs is the body and what plugins
    derive from it when an article is read (the summary, the character count). What
    they add later, once every article is read (related pieces, the printed page,
    frozen URLs), is only on `article` and stays.
    """
    from pelican.contents import Content

    fields = {"metadata", "_context", "piece", *new.metadata}  # some are resolved later
    for key, value in vars(new).items():
        if key not in fields and getattr(article, key, None) != value:
            setattr(article, key, value)
    article.piece.take_body(new.piece)
    for key in BODY_FIELDS & new.metadata.keys():
        article.metadata[key] = new.metadata[key]
    memoized = Content.get_summary  # cached per object (get_content is not: internals)
    for arguments in [key for key in memoized.cache if key[0] is article]:
        del memoized.cache[arguments]


def _fields(article):
    """Everything a build takes from the article's header, other than the body's."""
    return {k: v for k, v in article.metadata.items() if k not in BODY_FIELDS}


def _problems(path, settings):
    """The content model's problems with one article, as the build's check finds them."""
    from dangjian.model import Registries, article_problems, markdown_renderer, read_source
    from dangjian.model.sources import max_bytes

    root = settings["PATH"]
    source, problems = read_source(path, max_bytes(settings))
    if source is None or problems:
        return problems
    registries = Registries.load(root, settings)
    return registries.problems + article_problems(
        source, registries.column_names, root, registries.index, markdown_renderer(settings)
    )


if __name__ == "__main__":
    main()
