"""The paper's identity: its name, the page's name and number (版次), publisher, contact,
copyright line and ICP 备案号, set once in pelicanconf.py and read here, never written
into templates.

Settings (with defaults; a default in 〔〕 says what to fill in, and shows on the site
until it is):
    PAPER_NAME = "〔报名〕"                 the paper, e.g. "某某日报" (printed as 《某某日报》)
    PAPER_PAGE_NAME = "党建"               the page's name, as in 第N版：党建
    PAPER_PAGE_NUMBER = "〔N〕"             the page's number (版次), e.g. 7 or "07"
    PAPER_PUBLISHER = "〔主办单位〕"          the publisher (主办单位)
    PAPER_CONTACT = "〔联系电话、地址或电子邮箱〕"
    PAPER_COPYRIGHT = None                 the copyright line; None: 《报名》版权所有……
    PAPER_ICP = ""                         the ICP 备案号, e.g. "蒙ICP备00000000号"; "" shows none
    PAPER_ICP_URL = "https://beian.miit.gov.cn/"   where the 备案号 links to
Adds to the context: PAPER, a Paper (name, title 《…》, page_label 第N版：党建, page_short
第N版, publisher, contact, copyright, icp, icp_url; unset(): the settings left at their
defaults). A build with settings left unset says so in its log (a notice, not an error).
Jinja filter: zh_weekday (星期二).
Used by structured_data: publisher_json_ld(settings, url), the JSON-LD publisher, and
print_json_ld(settings), the page an article was printed on.
"""

from dataclasses import dataclass

DEFAULTS = {
    "PAPER_NAME": "〔报名〕",
    "PAPER_PAGE_NAME": "党建",
    "PAPER_PAGE_NUMBER": "〔N〕",
    "PAPER_PUBLISHER": "〔主办单位〕",
    "PAPER_CONTACT": "〔联系电话、地址或电子邮箱〕",
    "PAPER_COPYRIGHT": None,
    "PAPER_ICP": "",
    "PAPER_ICP_URL": "https://beian.miit.gov.cn/",
}
# Left at their defaults, these show a placeholder on the site.
TO_FILL_IN = ("PAPER_NAME", "PAPER_PAGE_NUMBER", "PAPER_PUBLISHER", "PAPER_CONTACT")
WEEKDAYS = "一二三四五六日"


def zh_weekday(value):
    """星期二, for a date or datetime."""
    return f"星期{WEEKDAYS[value.weekday()]}"


@dataclass(frozen=True)
class Paper:
    name: str
    page_name: str
    page_number: str
    publisher: str
    contact: str
    copyright: str
    icp: str
    icp_url: str
    unset_settings: tuple = ()

    @classmethod
    def from_settings(cls, settings):
        def value(key):
            given = settings.get(key)
            return DEFAULTS[key] if given is None or given == "" else given

        name = str(value("PAPER_NAME"))
        copyright_line = value("PAPER_COPYRIGHT") or f"《{name}》版权所有，未经书面许可不得转载"
        return cls(
            name=name,
            page_name=str(value("PAPER_PAGE_NAME")),
            page_number=str(value("PAPER_PAGE_NUMBER")),
            publisher=str(value("PAPER_PUBLISHER")),
            contact=str(value("PAPER_CONTACT")),
            copyright=str(copyright_line),
            icp=str(value("PAPER_ICP") or ""),
            icp_url=str(value("PAPER_ICP_URL")),
            unset_settings=tuple(key for key in TO_FILL_IN if not settings.get(key)),
        )

    def is_set(self, key):
        return key not in self.unset_settings

    @property
    def title(self):
        """《某某日报》"""
        return f"《{self.name}》"

    @property
    def page_short(self):
        """第7版"""
        return f"第{self.page_number}版"

    @property
    def page_label(self):
        """第7版：党建"""
        return f"{self.page_short}：{self.page_name}"


def publisher_json_ld(settings, site_url):
    """The paper as the JSON-LD publisher of its articles. Placeholders are for people:
    a setting left unset is left out (the site's name stands for an unset paper name)."""
    paper = settings.get("PAPER") or Paper.from_settings(settings)
    node = {
        "@type": "NewsMediaOrganization",
        "name": paper.name if paper.is_set("PAPER_NAME") else settings["SITENAME"],
        "url": site_url,
    }
    if paper.is_set("PAPER_PUBLISHER"):
        node["parentOrganization"] = {"@type": "Organization", "name": paper.publisher}
    return node


def print_json_ld(settings):
    """Where an article was printed: schema.org's printSection and printPage."""
    paper = settings.get("PAPER") or Paper.from_settings(settings)
    node = {"printSection": paper.page_name}
    if paper.is_set("PAPER_PAGE_NUMBER"):
        node["printPage"] = paper.page_number
    return node


def add_to_context(pelican):
    paper = Paper.from_settings(pelican.settings)
    pelican.settings["PAPER"] = paper
    if paper.unset_settings:
        # A notice, not a warning: the site builds, showing what to fill in.
        print(
            f"提示：报纸信息未填写：{'、'.join(paper.unset_settings)}；"
            "页面上暂时显示为〔〕中的说明 → 在 pelicanconf.py 中填写。",
            flush=True,
        )


def add_filters(generator):
    generator.env.filters["zh_weekday"] = zh_weekday
