"""Settings for building the site locally (`invoke build`, `invoke serve`).

publishconf.py starts from these for the production build.
"""

SITENAME = "党建版"
SITESUBTITLE = "党建版数字报：按版面、栏目、党组织和人物阅读"
SITEURL = ""  # root-relative links; publishconf.py sets the real address

# The paper's identity (plugins/paper): the masthead, each day's page, the footer, the
# articles' source line and the JSON-LD publisher read it from here. A setting left out
# shows as 〔…〕 on the site, saying what to fill in, and the build's log lists it.
PAPER_NAME = "内蒙古日报"  # as issue 15 names the paper; shown as 《内蒙古日报》
PAPER_PAGE_NAME = "党建"  # 第N版：党建
# PAPER_PAGE_NUMBER = 7     # the page's number (版次): fill in
# PAPER_PUBLISHER = "…"     # 主办单位: fill in
# PAPER_CONTACT = "…"       # 联系电话、地址或电子邮箱: fill in
# PAPER_COPYRIGHT = "…"     # default: 《内蒙古日报》版权所有，未经书面许可不得转载
# PAPER_ICP = "蒙ICP备…号"  # ICP 备案号, optional

PATH = "content"
ARTICLE_PATHS = ["articles"]
PAGE_PATHS = ["pages"]
STATIC_PATHS = ["images"]
THEME = "theme"
OUTPUT_PATH = "output"
# Never empty the output folder up front: a build that stops on an error leaves
# the last good site in place (tasks.py also builds into a staging folder).
DELETE_OUTPUT_DIRECTORY = False

TIMEZONE = "Asia/Shanghai"
DEFAULT_LANG = "zh-CN"
DEFAULT_DATE_FORMAT = "%Y年%-m月%-d日"
DEFAULT_DATE = None  # an article without a Date is an error, not "today"
DEFAULT_CATEGORY = ""  # ... and one without a Category too
USE_FOLDER_AS_CATEGORY = False

# The site's plugin (dangjian/site: it connects everything in its phase order), run by
# Pelican in two steps the build and the preview share (dangjian/speed/internals.py).
PLUGINS = ["dangjian.site"]
PELICAN_CLASS = "dangjian.SitePelican"

COLUMNS_FILE = "columns.toml"
SUMMARY_MAX_LENGTH = 120  # characters; zh_text ends the summary at a sentence end
READING_SPEED = 400  # characters per minute
# Inner Mongolia's leagues and cities in the order of the national division codes.
BRANCH_REGION_ORDER = [
    "呼和浩特市", "包头市", "乌海市", "赤峰市", "通辽市", "鄂尔多斯市",
    "呼伦贝尔市", "巴彦淖尔市", "乌兰察布市", "兴安盟", "锡林郭勒盟", "阿拉善盟",
]  # fmt: skip

MARKDOWN = {
    "extension_configs": {
        "markdown.extensions.extra": {},
        "markdown.extensions.meta": {},
    },
    "output_format": "html5",
}

JINJA_ENVIRONMENT = {
    "autoescape": True,  # metadata is text; only rendered bodies are marked safe
    "auto_reload": False,  # templates do not change during a build
    "trim_blocks": True,
    "lstrip_blocks": True,
}

# Clean URLs: every page is a folder with an index.html.
ARTICLE_URL = "articles/{date:%Y}/{date:%m}/{slug}/"
ARTICLE_SAVE_AS = ARTICLE_URL + "index.html"
DRAFT_URL = "drafts/{slug}/"
DRAFT_SAVE_AS = DRAFT_URL + "index.html"
PAGE_URL = "{slug}/"
PAGE_SAVE_AS = PAGE_URL + "index.html"
CATEGORY_URL = "columns/{slug}/"
CATEGORY_SAVE_AS = CATEGORY_URL + "index.html"
CATEGORIES_URL = "columns/"
CATEGORIES_SAVE_AS = CATEGORIES_URL + "index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = TAG_URL + "index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = TAGS_URL + "index.html"
AUTHOR_URL = "authors/{slug}/"
AUTHOR_SAVE_AS = AUTHOR_URL + "index.html"
AUTHORS_URL = "authors/"
AUTHORS_SAVE_AS = AUTHORS_URL + "index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = ARCHIVES_URL + "index.html"
PEOPLE_URL = "people/"
PEOPLE_SAVE_AS = PEOPLE_URL + "index.html"
INDEX_SAVE_AS = "index.html"
SEARCH_URL = "search/"
SEARCH_SAVE_AS = SEARCH_URL + "index.html"
DIRECT_TEMPLATES = [
    "index", "categories", "tags", "authors", "archives", "people", "404", "search",
]  # fmt: skip
YEAR_ARCHIVE_SAVE_AS = MONTH_ARCHIVE_SAVE_AS = DAY_ARCHIVE_SAVE_AS = ""

DEFAULT_PAGINATION = 20
PAGINATED_TEMPLATES = {"category": None, "tag": None, "author": None, "branch": None}
PAGINATION_PATTERNS = (
    (1, "{url}", "{save_as}"),
    (2, "{base_name}/page/{number}/", "{base_name}/page/{number}/index.html"),
)
# Listings newest first, their pages cut from the oldest piece: page/2/ always holds the
# oldest 20, and a new day changes a listing's first page only ("newest": Pelican's way,
# every page moves; dangjian/site/pagination.py).
PAGINATION_FROM = "oldest"

# Atom feeds, one under each listing. A local build's feeds point at the preview
# server (`invoke serve`); publishconf.py points them at the published site.
FEED_DOMAIN = "http://127.0.0.1:8000"
FEED_ALL_ATOM = "atom.xml"
# The newest pieces, as on the first page of the feed's listing: readers poll feeds for
# news; the whole archive is on the site (and every piece in every feed grew the build).
FEED_MAX_ITEMS = DEFAULT_PAGINATION
CATEGORY_FEED_ATOM = "columns/{slug}/atom.xml"
TAG_FEED_ATOM = "tags/{slug}/atom.xml"
AUTHOR_FEED_ATOM = "authors/{slug}/atom.xml"
BRANCH_FEED_ATOM = "branches/{slug}/atom.xml"
FEED_ATOM = FEED_RSS = FEED_ALL_RSS = CATEGORY_FEED_RSS = AUTHOR_FEED_RSS = None
TRANSLATION_FEED_ATOM = TRANSLATION_FEED_RSS = None

# Pelican's content cache: an unchanged article is not converted from Markdown again.
# Files are compared by their bytes (a fresh checkout's times say nothing); the cache
# goes to .render-cache/content/ beside the output folder, under a digest of the code
# and settings (dangjian/speed/render_cache.py), so that a change there starts afresh.
CACHE_CONTENT = LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "md5"
CACHE_PATH = None
GZIP_CACHE = False  # compressing it took longer than reading it

# The Content-Security-Policy of the published site (publishconf.py puts it in every page;
# deploy/nginx.conf and deploy/_headers send it) and of the preview server, which adds
# the hashes of its own reload script. frame-ancestors works only as a header.
# Scripts only from the site's own files, and the one inline first-paint script
# by its hash (dangjian/site/reading_tools' FIRST_PAINT_SCRIPT_HASH; a test checks it).
SECURITY_POLICY = (
    "default-src 'none'; "
    "script-src 'self' 'sha256-MrbSr4m+EOo16MLh/9Om7x/9+4qT5DFnqxzo+MiRf5U=' 'wasm-unsafe-eval'; "
    "style-src 'self'; "
    "img-src 'self' data:; font-src 'self'; connect-src 'self'; manifest-src 'self'; "
    "form-action 'self'; base-uri 'none'"
)

# --- The reader's site: metadata for machines, related pieces, responsive photos ---
# Under an article, its organizations' and column's pieces nearest to it in date
# ("newest": their newest pieces, which a new day changes under a thousand articles;
# dangjian/site/related.py).
RELATED_PIECES_ORDER = "nearest"
# Photos: <img class="image-process-photo"> gets a srcset of these widths (the
# article column is at most 40rem = 640 px; 1400 for high-density screens).
IMAGE_PROCESS = {
    "photo": {
        "type": "responsive-image",
        "sizes": "(min-width: 42rem) 40rem, 100vw",
        "srcset": [
            ("480w", ["scale_in 480 2000 False"]),
            ("800w", ["scale_in 800 3000 False"]),
            ("1400w", ["scale_in 1400 5000 False"]),
        ],
        "default": "800w",
    },
    "portrait": {
        "type": "responsive-image",
        "sizes": "6rem",
        "srcset": [("96w", ["scale_out 96 96 False"]), ("192w", ["scale_out 192 192 False"])],
        "default": "192w",
    },
}
