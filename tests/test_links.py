"""Every internal link and asset in the built site points at something that exists."""

import re
from urllib.parse import unquote, urljoin, urlsplit

# (tag, attribute) pairs that make the browser follow or fetch a URL.
URL_ATTRIBUTES = [
    ("a", "href"),
    ("link", "href"),
    ("img", "src"),
    ("script", "src"),
    ("source", "src"),
    ("img", "srcset"),
    ("source", "srcset"),
]
NOT_FETCHED = ("mailto:", "tel:", "data:", "javascript:")
CSS_URL = re.compile(r"""url\(\s*['"]?([^'")]+)['"]?\s*\)|@import\s+['"]([^'"]+)['"]""")


def is_external(url):
    parts = urlsplit(url)
    return bool(parts.scheme or parts.netloc)


def references(site, url):
    """(tag, attribute, value) for every URL the page at `url` links to or loads."""
    soup = site.soup(url)
    for tag, attribute in URL_ATTRIBUTES:
        for element in soup.find_all(tag, attrs={attribute: True}):
            value = element[attribute].strip()
            if attribute == "srcset":
                # "a.png 1x, b.png 2x": the URL is the first word of each candidate.
                for candidate in value.split(","):
                    if candidate.strip():
                        yield tag, attribute, candidate.split()[0]
            else:
                yield tag, attribute, value


def target_file(site, path):
    """The file served for a root-relative path; a folder serves its index.html."""
    file = site.root / unquote(path).lstrip("/")
    return file / "index.html" if file.is_dir() else file


def test_no_broken_internal_links(site):
    ids = {}  # target file → the ids in it, parsed once

    def ids_in(file):
        if file not in ids:
            soup = site.soup("/" + str(file.relative_to(site.root)))
            ids[file] = {el["id"] for el in soup.find_all(id=True)}
            ids[file] |= {el["name"] for el in soup.find_all("a", attrs={"name": True})}
        return ids[file]

    broken = []
    checked = 0
    for page in site.pages():
        for _tag, _attribute, value in references(site, page):
            if not value or value.lower().startswith(NOT_FETCHED) or is_external(value):
                continue
            # "#main" resolves to the page itself, so its fragment is checked there.
            target = urlsplit(urljoin(page, value))
            file = target_file(site, target.path)
            checked += 1
            if not file.is_file():
                broken.append(f"{page} → {value} (no {file.relative_to(site.root)})")
            elif (
                target.fragment
                and file.suffix == ".html"
                and unquote(target.fragment) not in ids_in(file)
            ):
                broken.append(f"{page} → {value} (no id “{target.fragment}”)")
    assert checked > len(site.pages()), "found almost no links: is the parser looking?"
    broken = sorted(set(broken))
    assert not broken, f"{len(broken)} broken links:\n" + "\n".join(broken)


def test_stylesheet_urls_exist(site):
    """url(...) and @import in the CSS must point at files in the output too."""
    broken = []
    for css in site.root.rglob("*.css"):
        css_url = "/" + str(css.relative_to(site.root))
        for match in CSS_URL.finditer(css.read_text(encoding="utf-8")):
            value = (match.group(1) or match.group(2)).strip()
            if value.startswith(("data:", "#")):
                continue
            if is_external(value):
                broken.append(f"{css_url} → {value} (outside the site)")
            elif not target_file(site, urlsplit(urljoin(css_url, value)).path).is_file():
                broken.append(f"{css_url} → {value}")
    assert not broken, "stylesheet references:\n" + "\n".join(broken)


def test_nothing_is_loaded_from_other_sites(site):
    """No asset from another host: every request a reader's browser makes stays here."""
    offenders = []
    external_anchors = []
    for page in site.pages():
        for tag, attribute, value in references(site, page):
            if not is_external(value) or value.lower().startswith(NOT_FETCHED):
                continue
            if tag == "a":
                external_anchors.append(f"{page} → {value}")
            else:
                offenders.append(f"{page}: <{tag} {attribute}={value}>")
    assert not offenders, "assets from other sites:\n" + "\n".join(offenders)
    # Links out would be allowed, but the site has none; a new one deserves a look.
    assert not external_anchors, "links to other sites:\n" + "\n".join(external_anchors)
