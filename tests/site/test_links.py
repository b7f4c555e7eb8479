"""Every internal link and asset in the built site points at something that exists.

The build runs the same check (dangjian/build/checks.py) before a site may go live; here it
runs on the real site, with a look at whether it found the links at all.
"""

from dangjian.build.checks import Page, broken_links, is_external

NOT_FETCHED = ("mailto:", "tel:", "data:", "javascript:")


def test_no_broken_internal_links_or_stylesheet_urls(site):
    problems, checked = broken_links(site.root)
    assert checked > len(site.pages()), "found almost no links: is the parser looking?"
    assert not problems, f"{len(problems)} broken links:\n" + "\n".join(problems)


def test_nothing_is_loaded_from_other_sites(site):
    """No asset from another host: every request a reader's browser makes stays here."""
    offenders = []
    external_anchors = []
    for page in site.pages():
        for tag, attribute, value in Page(site.text(page)).references:
            if not is_external(value) or value.lower().startswith(NOT_FETCHED):
                continue
            if tag == "a":
                external_anchors.append(f"{page} → {value}")
            else:
                offenders.append(f"{page}: <{tag} {attribute}={value}>")
    assert not offenders, "assets from other sites:\n" + "\n".join(offenders)
    # Links out would be allowed, but the site has none; a new one deserves a look.
    assert not external_anchors, "links to other sites:\n" + "\n".join(external_anchors)
