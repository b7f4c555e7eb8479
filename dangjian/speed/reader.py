"""Reading faster: one Markdown converter reused for every file, articles converted by
worker processes ahead of Pelican, URLs worked out once, each tag's, column's and author's
articles put in date order by sorting them, translations found one slug at a time (see the
package's docstring)."""

import itertools
import multiprocessing
import os
import sys
from functools import partial
from itertools import chain, groupby
from operator import attrgetter

import pelican.generators
from markdown import Markdown
from pelican.readers import MarkdownReader
from pelican.utils import pelican_open
from pelican.utils import process_translations as pelican_process_translations
from pelican.writers import FileOverwriteFailedError

from .internals import compact, keep_address
from .parallel import processes


class ReusedMarkdownReader(MarkdownReader):
    """Pelican's Markdown reader with two converters made once and reset before each use:
    one for documents, one for formatted metadata fields (Summary), which has no
    metadata extension: Pelican removes it from the converter it parses fields with.

    `convert_ahead()` converts many files at once in worker processes; `read()` then
    takes a file's HTML from there, and parses only its metadata, here.
    """

    def __init__(self, settings):
        super().__init__(settings)
        self._documents = self._fields = None
        self._ahead = {}  # path → its batch (an AsyncResult of [(HTML, raw metadata)], index)
        self._waiting = iter(())  # batches of paths not yet given to the workers
        self._pool = None

    def _converters(self):
        if self._documents is None:
            self._documents = Markdown(**self.settings["MARKDOWN"])
            self._fields = Markdown(**self.settings["MARKDOWN"])
            self._fields.preprocessors.deregister("meta")
            # _parse_metadata removes it again from whichever converter it is given
            self._fields.preprocessors.deregister = partial(
                self._fields.preprocessors.deregister, strict=False
            )
        return self._documents

    def convert(self, source_path):
        """(HTML, raw metadata) of a Markdown file."""
        documents = self._converters()
        documents.reset()  # also empties Meta, footnotes, abbreviations
        with pelican_open(source_path) as text:
            return documents.convert(text), documents.Meta

    def read(self, source_path):
        self._source_path = source_path
        self._converters()
        converted = self._take_ahead(source_path)
        content, meta = converted or self.convert(source_path)
        self._md = self._fields
        # Pelican lower-cases each field's name into a string of its own: 55,000 of them
        # at 5,000 articles, held to the end by each content's metadata
        metadata = self._parse_metadata(meta)
        return content, {sys.intern(name): value for name, value in metadata.items()}

    def convert_ahead(self, paths, workers):
        """Convert `paths`, in the order they will be read, in `workers` processes, a few
        batches ahead of read(): a site's converted articles are not all held at once
        (at 100,000 articles they were a gigabyte before the first was read)."""
        global _converting
        _converting = self  # the forked workers find it here: nothing of it is pickled
        paths = list(paths)
        self._waiting = (paths[at : at + BATCH] for at in range(0, len(paths), BATCH))
        self._pool = multiprocessing.get_context("fork").Pool(workers)
        self._give(BATCHES_AHEAD * workers)

    def _give(self, batches):
        for batch in itertools.islice(self._waiting, batches):
            result = self._pool.apply_async(_convert_in_worker, (batch,))
            self._ahead.update((path, (result, index)) for index, path in enumerate(batch))

    def _take_ahead(self, path):
        """(HTML, raw metadata) of a file a worker converted, or None (not given to them, or
        it failed there: read() then converts it here, and reports the error)."""
        if path not in self._ahead:
            return None
        result, index = self._ahead.pop(path)
        converted = result.get()[index]
        if index == 0:  # a batch is being read: give the workers the next one
            self._give(1)
        if not self._ahead:
            self.stop_converting()
        return converted

    def stop_converting(self):
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()
            self._pool = None
        self._ahead.clear()
        self._waiting = iter(())


_converting = None  # the reader whose files the workers convert


BATCH = 16  # files a worker converts per task
BATCHES_AHEAD = 8  # per worker, given before the first file is read
READ_HERE = 2 * BATCH  # files to read fewer than which are converted as they are read


def _convert_in_worker(paths):
    converted = []
    for path in paths:
        try:
            converted.append(_converting.convert(path))
        except Exception:
            converted.append(None)
    return converted


def process_translations(content_list, translation_id=None):
    """Pelican's process_translations, called for each group of items sharing a translation
    id: same results, warnings and side effects (the list sorted in place). Called on the
    whole list, its last step tests every item against the list of all originals, which
    grows with the square of the site (27 s of a 40,000-article build)."""
    if not translation_id:
        return content_list, []
    key = attrgetter(*({translation_id} if isinstance(translation_id, str) else translation_id))
    try:
        content_list.sort(key=key)
    except (TypeError, AttributeError):  # Pelican's own message for it
        return pelican_process_translations(content_list, translation_id)
    originals, translations = [], []
    for _id, items in groupby(content_list, key):
        group_originals, group_translations = pelican_process_translations(
            list(items), translation_id
        )
        originals += group_originals
        translations += group_translations
    return originals, translations


def choose_process_translations(generator):
    """Pelican's generators call the process_translations they imported: this module's
    in a build with BUILD_SPEED, Pelican's own otherwise."""
    fast = generator.settings.get("BUILD_SPEED", True)
    pelican.generators.process_translations = (
        process_translations if fast else pelican_process_translations
    )


def use_reused_reader(readers):
    for extension in MarkdownReader.file_extensions:
        if readers.reader_classes.get(extension) is MarkdownReader:
            readers.reader_classes[extension] = ReusedMarkdownReader


def read_ahead(generator):
    """Before the first article is read: convert every article's Markdown in workers."""
    settings = generator.settings
    workers = processes(settings)
    reader = generator.readers.readers.get("md")
    if (
        workers == 1
        or getattr(generator, "_read_ahead", False)
        or not isinstance(reader, ReusedMarkdownReader)
    ):
        return
    generator._read_ahead = True
    kept = getattr(generator, "kept", None)  # the others are not read (kept.py)
    if kept and _few_to_read(generator, kept):
        return
    # The files in the order the generator reads them: the same call makes the same set.
    files = generator.get_files(settings["ARTICLE_PATHS"], exclude=settings["ARTICLE_EXCLUDES"])
    extensions = tuple(f".{extension}" for extension in MarkdownReader.file_extensions)
    paths = [
        os.path.abspath(os.path.join(generator.path, file))
        for file in files
        if file.endswith(extensions) and not (kept and kept.has(file))
    ]
    if len(paths) > 1:
        reader.convert_ahead(paths, workers)


def _few_to_read(generator, kept):
    """Whether fewer than READ_HERE of the article files the content check read
    (CHECKED_SOURCES) have no kept content: a daily publish's new day, read in this
    process, without listing the content folder again and starting workers (0.1 s)."""
    checked = generator.settings.get("CHECKED_SOURCES")
    if checked is None:
        return False
    root = os.path.join(os.path.abspath(generator.path), "")
    unkept = (path for path in checked if not kept.has(path.removeprefix(root)))
    return next(itertools.islice(unkept, READ_HERE - 1, None), None) is None


def freeze_urls(generator, contents):
    """Keep each content's address from now on (internals.keep_address): a content kept
    from the build before has the address it had there; each is kept with its content
    for the next build (kept.py), which is saved then."""
    kept = getattr(generator, "kept", None)
    for content in contents:
        address = keep_address(content, kept and kept.address(content))
        compact(content)  # its fields are all set by now
        if kept:
            kept.remember_address(content, address)
    if kept:
        kept.save()  # the addresses are final


def finalize_articles(generator):
    reader = generator.readers.readers.get("md")
    if isinstance(reader, ReusedMarkdownReader):
        reader.stop_converting()  # every article is read
    freeze_urls(
        generator,
        chain(
            generator.articles,
            generator.translations,
            generator.hidden_articles,
            generator.hidden_translations,
            generator.drafts,
            generator.drafts_translations,
        ),
    )
    for method, template_name, plural in TERMS:
        setattr(generator, method, partial(write_term_pages, generator, template_name, plural))


TERMS = (  # Pelican's method, its template and the generator's attribute for its terms
    ("generate_tags", "tag", "tags"),
    ("generate_categories", "category", "categories"),
    ("generate_authors", "author", "authors"),
)


def write_term_pages(generator, template_name, plural, write):
    """Pelican's generate_tags, generate_categories or generate_authors, each term's
    `dates` (its articles in the site's date order) found by sorting them. Pelican
    filters all the site's articles for each term, terms × articles: with an author new
    every day, 11 s of every build at 20,000 articles and 270 s at 100,000."""
    template = generator.get_template(template_name)
    terms = getattr(generator, plural)
    position = {id(article): at for at, article in enumerate(generator.dates)}
    for term, articles in terms.items() if isinstance(terms, dict) else terms:
        # as Pelican's filter: each article once, none that is not among the dates
        dated = {position[id(a)]: a for a in articles if id(a) in position}
        try:
            write(
                term.save_as,
                template,
                generator.context,
                url=term.url,
                articles=articles,
                dates=[dated[at] for at in sorted(dated)],
                template_name=template_name,
                blog=True,
                page_name=term.page_name,
                all_articles=generator.articles,
                **{template_name: term},
            )
        except FileOverwriteFailedError:
            if term.slug:
                pelican.generators.logger.error(
                    'Failed to write %s page for "%s".', template_name.capitalize(), term
                )
                raise
            pelican.generators.logger.info(
                '%s "%s" has an invalid slug; skipping writing %s page...',
                template_name.capitalize(),
                term,
                template_name,
                extra={"limit_msg": f"Further {plural} with invalid slugs."},
            )


def finalize_pages(generator):
    freeze_urls(
        generator,
        chain(
            generator.pages,
            generator.translations,
            generator.hidden_pages,
            generator.hidden_translations,
            generator.draft_pages,
            generator.draft_translations,
        ),
    )
