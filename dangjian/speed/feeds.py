"""Feeds written byte for byte as Pelican writes them, each entry made once.

A piece is an entry in many feeds: the site's, its column's, its tags', its author's
and those of its organizations and every one above them (at 5,000 articles, 6,740
entries of 2,418 pieces). Pelican builds each entry's data (URL, tag URI, dates,
content) and feedgenerator serializes it anew in every feed; here both are done
once per piece, and later feeds reuse them. An entry depends only on the piece, the
feed's site URL and the feed's type; nothing else of the feed goes into it.

A writer told which feeds it is to write (`expect_feeds`, as the render workers are)
drops a piece's entries once the last of them is written: with an author a day, nearly
every piece is in some feed, and the entries kept to the end took 140 of the 850 MB
of a 20,000-article build.
"""

import io
from collections import Counter
from functools import partial

from feedgenerator import Atom1Feed
from feedgenerator.django.utils.xmlutils import SimplerXMLGenerator
from pelican import signals

from .listing_pages import ListingPagesWriter


class FeedEntriesWriter(ListingPagesWriter):
    def __init__(self, output_path, settings=None):
        super().__init__(output_path, settings)
        # id(piece) → (piece, {(site URL, feed class): entry data}); the piece is kept
        # with its entries, so that its id names no other object
        self._entries = {}
        self._atom_entries = {}  # id(entry data) → (entry data, its <entry> element)
        self._uses = None  # id(piece) → feeds still to list it; None: keep every entry
        self._spent = []  # pieces listed by their last feed, dropped before the next

    def expect_feeds(self, element_lists):
        """The articles of every feed this writer is still to write, each list as given
        to write_feed."""
        limit = self.settings["FEED_MAX_ITEMS"]
        self._uses = Counter(id(piece) for elements in element_lists for piece in elements[:limit])

    def pieces_held(self):
        """How many pieces' entries this writer keeps for feeds to come."""
        return len(self._entries)

    @staticmethod
    def _reused():
        return not signals.feed_generated.receivers  # else a plugin may change the entries

    def _create_new_feed(self, feed_type, feed_title, context):
        for key in self._spent:  # the feed before, which listed them last, is written
            _piece, entries = self._entries.pop(key)
            for entry in entries.values():
                self._atom_entries.pop(id(entry), None)
        self._spent.clear()
        feed = super()._create_new_feed(feed_type, feed_title, context)
        if type(feed) is Atom1Feed and self._reused():  # RSS is written as Pelican writes it
            feed.write_items = partial(self._write_atom_entries, feed)
        return feed

    def _add_item_to_the_feed(self, feed, item):
        if not self._reused():
            super()._add_item_to_the_feed(feed, item)
            return
        _piece, entries = self._entries.setdefault(id(item), (item, {}))
        kind = (self.site_url, type(feed))
        if kind in entries:
            feed.items.append(entries[kind])
        else:
            super()._add_item_to_the_feed(feed, item)
            entries[kind] = feed.items[-1]
        if self._uses is not None:
            self._uses[id(item)] -= 1
            if self._uses[id(item)] == 0:
                self._spent.append(id(item))

    def _write_atom_entries(self, feed, handler):
        """Atom1Feed.write_items, with each entry serialized once."""
        for entry in feed.items:
            if id(entry) in self._atom_entries:
                xml = self._atom_entries[id(entry)][1]
            else:
                text = io.StringIO()
                # as Atom1Feed.write makes its handler; the feed's own writes text too
                serializer = SimplerXMLGenerator(text, "utf-8", short_empty_elements=True)
                serializer.startElement("entry", feed.item_attributes(entry))
                feed.add_item_elements(serializer, entry)
                serializer.endElement("entry")
                xml = text.getvalue()
                self._atom_entries[id(entry)] = (entry, xml)
            # ignorableWhitespace writes its text as it is: here, markup escaped already
            handler.ignorableWhitespace(xml)
