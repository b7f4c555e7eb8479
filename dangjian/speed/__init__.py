"""Pelican's internals, in the one place that may touch them, and a faster build with the
same output: work Pelican 4.12 repeats, done once.

- internals.py: what the site needs of Pelican beyond its public API, with the version
  check, and Pelican.run() in two steps (read, write) that the build and preview share.
- One Markdown converter for all files, reset between them (Pelican makes a new one
  per file, which costs as much as a fifth of the conversion); the articles are
  converted by BUILD_PROCESSES worker processes before Pelican reads them.
- Each article's and page's URL and output file are worked out once, when the content
  is final: Pelican formats them anew at every use, and listings use them thousands of
  times.
- Each tag's, column's and author's articles are put in date order by sorting them:
  Pelican picks them out of all the site's articles, once per term, which grows with
  the number of terms times the number of articles (with an author new every day, the
  square of the site).
- Translations are found one group of items with the same slug at a time: Pelican tests
  every item against the list of all originals.
  (reader.py)
- Articles and pages are kept from the build before as they were read: only the sources
  whose bytes changed are read again (kept.py).
- Each body, once read and sanitized, is kept on disk until a page shows it, not in the
  build's memory (bodies.py).
- A piece's feed entry is made once and reused in every feed that lists it (feeds.py).
- Pages and feeds are rendered by BUILD_PROCESSES processes too (parallel.py); in a
  process past BUILD_FRUGAL_ABOVE_MB, in stages that keep the workers' copies small.
- Each page of a listing is a call of its own (listing_pages.py), so that the render
  cache below keys it by what it shows: a later page that keeps its pieces (PAGINATION_FROM
  = "oldest") is not rendered again when a new piece joins the listing.
- A page or feed whose template sees the same values as in the build before is not
  rendered again: its file is hard-linked from the render cache (render_cache.py), which
  also holds Pelican's content cache and the articles' checks of the build before (an
  article whose file and what its checks looked at are unchanged is not checked
  again), under a digest of the code and settings.

Settings (with defaults):
    BUILD_PROCESSES = the number of cores this process may use; 1 renders in this process
    BUILD_FRUGAL_ABOVE_MB = 768   once above this resident size, Pelican's process
                         renders in stages (parallel.stages); None: never
    BUILD_STAGE_PAGES = 2500   pages of one article each a stage renders
    BUILD_SPEED = True   False: Pelican's own reader and writer, as if none of this were
                         here (the output is the same: tests/pipeline/test_build_speed.py)
    RENDER_CACHE_PATH = None   the render cache: None, .render-cache beside the output
                         folder; "" for none (tests/pipeline/test_incremental.py)
"""

from functools import wraps

from . import internals, kept, parallel, reader, render_cache


def when_enabled(receiver):
    """`receiver`, doing nothing (None) in a build with BUILD_SPEED = False. Every sender
    it gets (Pelican, its readers, its generators) carries the build's settings."""

    @wraps(receiver)
    def receive(sender, **kwargs):
        if sender.settings.get("BUILD_SPEED", True):
            return receiver(sender, **kwargs)
        return None

    return receive


def unless_from_cache(receiver):
    """`receiver` of content_written, not called for a page linked from the render cache
    (parallel.announced_from_cache): for one that only rewrites some pages, which the
    cache never keeps as rewritten."""

    @wraps(receiver)
    def receive(path, **kwargs):
        return None if parallel.announced_from_cache() else receiver(path, **kwargs)

    return receive


cache_at_generators = when_enabled(kept.cache_at_generators)
keep_contents = when_enabled(kept.keep_contents)
load_kept_ahead = when_enabled(kept.load_ahead)
body_on_disk = when_enabled(internals.body_on_disk)
use_reused_reader = when_enabled(reader.use_reused_reader)
choose_process_translations = reader.choose_process_translations  # reads BUILD_SPEED itself
read_ahead = when_enabled(reader.read_ahead)
finalize_articles = when_enabled(reader.finalize_articles)
finalize_pages = when_enabled(reader.finalize_pages)
get_writer = when_enabled(parallel.get_writer)
beside_output = render_cache.beside_output  # where a build's caches go
render_queued = parallel.render_queued  # renders what a QueuedWriter queued, if any
before_rendering = parallel.before_rendering  # a signal: the pages about to be rendered
before_reading = internals.before_reading  # a signal: the generators, made
beside = parallel.beside  # work in a forked process, its result waited for later
processes = parallel.processes  # how many processes a build's work may take
set_content_cache_path = render_cache.set_content_cache_path  # needs BUILD_SPEED itself
cache_compiled_templates = render_cache.cache_compiled_templates  # reads BUILD_SPEED itself
remembered_checks = render_cache.remembered_checks  # the articles' checks of the build before

__all__ = [
    "before_reading",
    "before_rendering",
    "beside",
    "beside_output",
    "body_on_disk",
    "cache_at_generators",
    "cache_compiled_templates",
    "choose_process_translations",
    "finalize_articles",
    "finalize_pages",
    "get_writer",
    "keep_contents",
    "load_kept_ahead",
    "processes",
    "read_ahead",
    "remembered_checks",
    "render_queued",
    "set_content_cache_path",
    "unless_from_cache",
    "use_reused_reader",
]
