"""The site's main navigation, with the current section marked (aria-current).

Jinja filter: site_nav(output_file) → [NavItem(label, url, current)], where current is
"page" on the section's own page (/columns/), "true" inside the section (/columns/x/,
an article: the breadcrumbs place it in its column) and None elsewhere. Worked out
from the page's output file alone, so the header costs the same on every page.
"""

from dataclasses import dataclass

from dangjian.urls import clean_url


@dataclass(frozen=True)
class NavItem:
    label: str
    url: str  # root-relative, "" for the home page
    current: str | None = None


def sections(settings):
    """(label, the section's URL, other URL prefixes that belong to it), in nav order."""
    article_prefix = settings.get("ARTICLE_URL", "").split("{", 1)[0]
    return [
        ("最新版面", "", ()),
        ("栏目", settings.get("CATEGORIES_URL", "columns/"), (article_prefix,)),
        ("党组织", settings.get("BRANCHES_URL", "branches/"), ()),
        ("人物", settings.get("PEOPLE_URL", "people/"), ()),
        ("往期", settings.get("ISSUES_URL", "issues/"), (settings.get("ARCHIVES_URL", ""),)),
    ]


def current_state(url, section_url, prefixes):
    if url == section_url:
        return "page"
    if not section_url:  # the home page contains nothing else
        return None
    if any(prefix and url.startswith(prefix) for prefix in (section_url, *prefixes)):
        return "true"
    return None


def nav_items(settings, output_file):
    url = clean_url(output_file or "")
    return [
        NavItem(label, section_url, current_state(url, section_url, prefixes))
        for label, section_url, prefixes in sections(settings)
    ]


def add_filters(generator):
    settings = generator.settings
    generator.env.filters["site_nav"] = lambda output_file: nav_items(settings, output_file)
