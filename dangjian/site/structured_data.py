"""Metadata for machines: canonical URLs, Open Graph locale, breadcrumbs and JSON-LD.

JSON-LD is built here as Python data and serialized with json.dumps, never
assembled in templates: an article is a NewsArticle (a profile also a
ProfilePage about its Person), a Party organization an Organization, and
every one of them has a BreadcrumbList.

Settings (with defaults):
    SITEURL       the published address (publishconf.py); "" locally, where URLs
                  stay root-relative
    OG_LOCALE     Open Graph locale; from DEFAULT_LANG, zh-CN → zh_CN
Jinja filters:
    canonical_url(output_file)   clean URL of the page being written, on SITEURL
    absolute_url(path)           URL of a root-relative path, on SITEURL
    breadcrumbs(article)         [(name, url or None)]: 首页 > 栏目 > 正文
    structured_data(obj)         <script type="application/ld+json"> for an
                                 article or a branch, safe to put in the page
"""

import json

from markupsafe import Markup

from dangjian.model.text import language_tag
from dangjian.urls import clean_url

from .paper import print_json_ld, publisher_json_ld

SCHEMA = "https://schema.org"
# Inside <script>, "</script>" or "<!--" in a value would end or confuse the
# element: JSON allows these characters escaped, so escape them all.
SCRIPT_SAFE = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


def absolute_url(settings, path):
    """The page's address on the published site (SITEURL + path).

    A local build has no SITEURL: its addresses stay root-relative, on the preview
    server, rather than naming a host the page is not served from.
    """
    return f"{(settings.get('SITEURL') or '').rstrip('/')}/{path.lstrip('/')}"


def text(value):
    """Plain text of a title or summary that may be escaped or hold markup."""
    return Markup(str(value)).striptags()


def article_breadcrumbs(article):
    """首页 > 栏目 > 正文, as (name, root-relative URL); the current page is last. A draft's
    column that has no page yet has no URL."""
    column = article.category.url
    return [
        ("首页", ""),
        (str(article.category), None if column in article.piece.unlinked else column),
        ("正文", article.url),
    ]


def breadcrumb_list(settings, crumbs):
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": name}
            | ({} if url is None else {"item": absolute_url(settings, url)})
            for position, (name, url) in enumerate(crumbs, start=1)
        ],
    }


def organization(settings, branch, detail=False):
    node = {
        "@type": "Organization",
        "name": branch.name,
        "url": absolute_url(settings, branch.url),
    }
    if not detail:
        return node
    if branch.aliases:
        node["alternateName"] = list(branch.aliases)
    if branch.description:
        node["description"] = text(branch.description)
    if branch.region:
        node["areaServed"] = branch.region
    if branch.parent is not None:
        node["parentOrganization"] = organization(settings, branch.parent)
    if branch.children:
        node["subOrganization"] = [organization(settings, child) for child in branch.children]
    return node


def news_article(article):
    settings = article.settings
    url = absolute_url(settings, article.url)
    node = {
        "@type": "NewsArticle",
        "@id": f"{url}#article",
        "url": url,
        "mainEntityOfPage": url,
        "headline": text(article.title),
        "datePublished": article.date.isoformat(),
        "inLanguage": settings.get("HTML_LANG", "zh-CN"),
        "articleSection": str(article.category),
        "author": [
            {
                "@type": "Person",
                "name": str(author),
                "url": absolute_url(settings, author.url),
            }
            for author in getattr(article, "authors", [])
        ],
        "publisher": publisher_json_ld(settings, absolute_url(settings, "")),
        **print_json_ld(settings),
    }
    if getattr(article, "subtitle", None):
        node["alternativeHeadline"] = text(article.subtitle)
    if getattr(article, "modified", None):
        node["dateModified"] = article.modified.isoformat()
    if article.piece.corrections:  # 更正, as schema.org's CorrectionComment
        node["correction"] = [
            {
                "@type": "CorrectionComment",
                "datePublished": correction.date.isoformat(),
                "text": correction.text,
            }
            for correction in article.piece.corrections
        ]
    if getattr(article, "summary", None):
        node["description"] = text(article.summary)
    if getattr(article, "tags", None):
        node["keywords"] = [str(tag) for tag in article.tags]
    if article.piece.branches:
        node["about"] = [organization(settings, branch) for branch in article.piece.branches]
    image = getattr(article, "image", None)
    if image:
        node["image"] = absolute_url(settings, image)
    return node


def profile_page(article):
    settings = article.settings
    url = absolute_url(settings, article.url)
    person = {"@type": "Person", "name": article.metadata.get("person", "")}
    if article.metadata.get("position"):
        person["jobTitle"] = article.metadata["position"]
    if article.piece.branches:
        person["worksFor"] = [organization(settings, branch) for branch in article.piece.branches]
    if getattr(article, "photo", None):
        person["image"] = absolute_url(settings, article.photo)
    return {
        "@type": "ProfilePage",
        "@id": f"{url}#profile",
        "url": url,
        "mainEntity": person,
        "hasPart": {"@id": f"{url}#article"},
    }


def structured_data(obj):
    """The JSON-LD graph for an article (with `category`) or a branch (with `kind`)."""
    settings = obj.settings
    if hasattr(obj, "category"):
        graph = [news_article(obj)]
        if obj.piece.type == "profile":
            graph.append(profile_page(obj))
        graph.append(breadcrumb_list(settings, article_breadcrumbs(obj)))
    else:
        crumbs = [("首页", ""), ("党组织", settings.get("BRANCHES_URL", "branches/"))]
        crumbs += [(ancestor.name, ancestor.url) for ancestor in obj.ancestors]
        crumbs.append((obj.name, obj.url))
        graph = [organization(settings, obj, detail=True), breadcrumb_list(settings, crumbs)]
    return {"@context": SCHEMA, "@graph": graph}


def json_ld_script(data):
    """A whole <script> element; its JSON cannot end the element early."""
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).translate(SCRIPT_SAFE)
    return Markup('<script type="application/ld+json">') + Markup(payload) + Markup("</script>")


def json_ld(obj):
    """The <script> of structured_data(obj). An organization's is made once: every page
    of its listing has it. An article's page is written once (and the preview server
    writes it again with a new body: nothing of it is kept)."""
    if hasattr(obj, "category"):
        return json_ld_script(structured_data(obj))
    if "json_ld" not in vars(obj):
        obj.json_ld = json_ld_script(structured_data(obj))
    return obj.json_ld


def set_defaults(pelican):
    settings = pelican.settings
    if not settings.get("OG_LOCALE"):
        settings["OG_LOCALE"] = language_tag(settings.get("DEFAULT_LANG", "zh-CN")).replace(
            "-", "_"
        )


def add_filters(generator):
    settings = generator.settings  # not the template's SITEURL, which may be relative
    generator.env.filters["canonical_url"] = lambda name: absolute_url(settings, clean_url(name))
    generator.env.filters["absolute_url"] = lambda path: absolute_url(settings, str(path))
    generator.env.filters["breadcrumbs"] = article_breadcrumbs
    generator.env.filters["structured_data"] = json_ld
