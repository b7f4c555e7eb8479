"""The site's Pelican plugin: PLUGINS = ["dangjian.site"].

Each module does one thing (columns, pieces, the printed pages, the organizations,
related pieces, structured data, search fields, Chinese text, the content check); this
one connects them to Pelican's signals, in the order a build reaches them, and within
each signal in the order they must run: the only place that order is written. (Each
signal gets one receiver that calls the listed ones in turn: blinker itself calls a
signal's receivers in no particular order.) Every
article gets one record, `article.piece` (dangjian.model.Piece), made when it is read
and completed once all articles are.

The general plugins (dangjian.plugins: sitemap, fingerprints, responsive photos) and
the speed-ups (dangjian.speed) are connected here too, so that their place in each
phase is explicit.
"""

from pelican import signals

from dangjian import errors, speed
from dangjian.plugins import fingerprint, responsive_images, sitemap

from . import (
    aliases,
    branches,
    columns,
    content,
    corrections,
    issues,
    page_images,
    pagination,
    paper,
    pieces,
    reading_tools,
    related,
    search_fields,
    sharing,
    site_nav,
    structured_data,
    text,
)

# Settings each module reads, with their defaults (a site's settings win).
DEFAULTS = {**issues.DEFAULTS, **branches.DEFAULTS}

PHASES = [
    # Pelican starts: settings completed, all content checked, registries read once.
    (signals.initialized, [
        errors.start,
        lambda pelican: apply_defaults(pelican.settings),
        text.set_language,
        paper.add_to_context,
        content.check_settings,
        related.check_settings,
        pagination.start,
        content.check_before_reading,  # stops the build on any content problem
        columns.load_columns,
        branches.exclude_registry,
        structured_data.set_defaults,
        reading_tools.add_to_context,
        search_fields.add_search_filters,
        sharing.start,
        page_images.start,
        sitemap.start,
        speed.cache_at_generators,
        speed.cache_compiled_templates,
        speed.set_content_cache_path,  # last: the settings as every page will see them
    ]),
    (signals.readers_init, [speed.use_reused_reader]),
    (signals.generator_init, [
        text.add_filters,
        paper.add_filters,
        site_nav.add_filters,
        sharing.add_filters,
        pieces.add_filters,
        branches.add_filters,
        structured_data.add_filters,
        responsive_images.add_filters,
        fingerprint.add_filter,
        speed.choose_process_translations,
    ]),
    # Generators after Pelican's own, in this order: the printed pages, the old
    # addresses, the organizations.
    (signals.get_generators, [
        issues.get_generators,
        aliases.get_generators,
        branches.get_generators,
    ]),
    # Each generator's contents as read by the build before, for the sources unchanged.
    (signals.article_generator_init, [speed.keep_contents]),
    (signals.page_generator_init, [speed.keep_contents]),
    # Every generator made: the kept contents loaded while the content check runs, then
    # its problems told, before any source is read.
    (speed.before_reading, [speed.load_kept_ahead, content.finish_check]),
    (signals.article_generator_preread, [speed.read_ahead]),
    # Each article or page as it is read: slug and summary, sanitized, its column, its record,
    # then its body to disk until a page shows it.
    (signals.content_object_init, [
        text.slug_and_summary,
        content.sanitize,
        columns.attach_column,
        pieces.make_piece,
        corrections.attach_corrections,
        speed.body_on_disk,  # last: the body as published
    ]),
    (signals.article_generator_pretaxonomy, [
        pieces.share_terms,
        text.slug_taxonomies,
        issues.sort_newest_first_in_print_order,
    ]),
    (signals.article_generator_finalized, [
        columns.collect_articles,
        pieces.collect_people,
        pieces.unlinked_terms,
        speed.finalize_articles,  # the articles' URLs are final: kept from now on
        sharing.remember_addresses,
    ]),
    (signals.page_generator_finalized, [speed.finalize_pages]),
    # Every generator's context is built (printed pages, organizations linked).
    (signals.all_generators_finalized, [
        errors.stop_on_errors,
        related.add_related,
        search_fields.add_search_branches,
        page_images.attach_pages,  # the days' page images, measured
    ]),
    (signals.get_writer, [speed.get_writer]),
    (signals.content_written, [
        sitemap.remember_page,
        speed.unless_from_cache(responsive_images.harvest_images),  # reads the page
    ]),
    # Every page is written: the queued pages rendered first, then what reads them.
    (speed.before_rendering, [pieces.render_listed_items]),  # shared by the workers
    (signals.finalized, [
        speed.render_queued,
        fingerprint.write_fingerprinted_copies,
        sitemap.write_files,
        sharing.prune_cache,
        page_images.write_files,  # drawn, or from the cache
        page_images.prune_cache,
    ]),
]  # fmt: skip


def apply_defaults(settings):
    for key, value in DEFAULTS.items():
        settings.setdefault(key, value)


def in_turn(receivers):
    """One receiver calling `receivers` in turn; what they return, as Pelican takes it (one
    value from one receiver, a list of them from several)."""

    def receive(sender, **kwargs):
        results = [receiver(sender, **kwargs) for receiver in receivers]
        return results[0] if len(results) == 1 else results

    return receive


DISPATCHERS = [(signal, in_turn(receivers)) for signal, receivers in PHASES]


def register():
    errors.start()  # an error while the plugins register stops the build too
    for signal, receive in DISPATCHERS:
        signal.connect(receive)
