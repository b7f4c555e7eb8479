"""A synthetic corpus in the site's content model, for benchmarks (search, build speed).

    python -m bench.corpus OUT_DIR [N]      writes OUT_DIR/content/ with N articles (default 5000)

Deterministic: the same N and seed give the same files. What it writes:
- content/columns.toml: the site's own six registered columns;
- content/branches/: about N/20 organizations in trees of up to four levels (a Party
  committee per 盟市 of BRANCH_REGION_ORDER, then county committees, general branches and
  branches), filled a level at a time: under 240 articles there are only the twelve
  committees, the third level starts at about 50 organizations (N = 1,000), the fourth at
  about 150 (N = 3,000); `generate(…, organizations=M)` asks for M of them;
- content/articles/<date>/NN-<slug>.md: N pieces, seven to a printed page, one page a day
  (or every `every` days: 7 for a weekly page), of 1,500–2,500 Chinese characters each,
  in every column and of every Type with the metadata it needs (Photographer for photo
  news, Person and Position for profiles), with about 50 tags, 30 authors, and
  organizations on most pieces.

add_day(content) then adds the next day's printed page, as editors do every day: seven
pieces dated the day after the last, one by a new author, one about a new organization.
"""

import random
import runpy
import shutil
import sys
import tomllib
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SETTINGS = runpy.run_path(str(ROOT / "pelicanconf.py"))
PREFECTURES = SETTINGS["BRANCH_REGION_ORDER"]
COLUMNS_FILE = ROOT / "content" / SETTINGS.get("COLUMNS_FILE", "columns.toml")
FIRST_ISSUE = date(2018, 1, 2)
PIECES_PER_ISSUE = 7


def spaced(text):
    """A word list written as one string, words separated by spaces."""
    return text.split()


# Photo news is the 阵地 column's; the other columns mix these.
TEXT_TYPES = ["news"] * 6 + ["commentary"] * 2 + ["profile"] * 2
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段雷钱汤尹黎易常武乔贺赖龚文"  # noqa: E501
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰春梅红建国志文斌宇浩凯晶鹏丹爽龙飞"
WORDS = spaced(
    "党建 工作 基层 党组织 党支部 党员 干部 群众 学习 教育 服务 创新 发展 建设 社区 村民 "
    "民警 书记 主题党日 三会一课 两学一做 不忘初心 牢记使命 十九大 精神 理论 实践 制度 "
    "作风 纪律 廉政 监督 责任 落实 推进 加强 提升 组织 生活 活动 开展 深入 扎实 全面 "
    "平台 信息化 微信 公众号 二维码 网格化 管理 便民 利民 措施 岗位 先锋 模范 作用 发挥 "
    "脱贫 攻坚 乡村 振兴 产业 合作社 牧民 草原 生态 保护 文化 传承 民族 团结 进步 "
    "考核 测评 满意度 调查 公开 透明 规范 标准 质量 效能 机制 体系 队伍 能力 素质"
)
PLACES = spaced("新城 东河 红山 科尔沁 东胜 海拉尔 临河 集宁 乌兰浩特 锡林浩特 巴彦浩特 海勃湾")
TAG_WORDS = spaced(
    "党的十九大精神 主题党日 两学一做 基层党建 微信公众号 党风廉政建设 民主测评 全国两会 "
    "乡村振兴 脱贫攻坚 民族团结 网格化管理 便民服务 志愿服务 党员先锋岗 理论学习 "
    "作风建设 纪律教育 组织生活 三会一课 党建品牌 智慧党建 社区治理 牧区党建 "
    "非公党建 机关党建 国企党建 高校党建 党员教育 干部培训 先进典型 为民办实事 "
    "主题教育 初心使命 廉政文化 红色教育 党史学习 党建引领 基层治理 群众路线 "
    "调查研究 优化营商环境 生态保护 文化惠民 平安建设 法治宣传 疫情防控 扫黑除恶 "
    "边疆党建 固本强基"
)
POSITIONS = ["党支部书记", "党总支书记", "党委书记", "社区党委书记", "村党支部书记", "党工委书记"]
KINDS = ["党委", "党委", "党总支", "党支部"]  # by depth in the tree
UNITS = ["公安局", "教育局", "卫健委", "交通运输局", "农牧局", "市场监管局", "税务局", "供电公司"]


def person_name(rng):
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def paragraph(rng, length):
    """Sentences of pool words, each ending in 。, about `length` characters."""
    text = ""
    while len(text) < length:
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 14))]
        text += "，".join("".join(words[i : i + 3]) for i in range(0, len(words), 3)) + "。"
    return text


def body(rng, names):
    """1,500–2,500 characters in paragraphs, naming `names` along the way."""
    target, paragraphs, length = rng.randint(1500, 2500), [], 0
    while length < target:
        text = paragraph(rng, min(rng.randint(150, 320), target - length + 10))
        if names and rng.random() < 0.5:
            text = f"{rng.choice(names)}说：“{text}”"
        paragraphs.append(text)
        length += len(text)
    return "\n\n".join(paragraphs)


def branch_tree(rng, count):
    """[(slug, name, kind, prefecture, county, parent slug)], four levels per 盟市."""
    branches, frontier = [], []
    for index, prefecture in enumerate(PREFECTURES):
        slug = f"b{len(branches):04d}"
        branches.append((slug, f"{prefecture}委", "党委", prefecture, "", None))
        frontier.append((slug, prefecture, PLACES[index % len(PLACES)], 1))
    while len(branches) < count and frontier:
        parent, prefecture, county, depth = frontier.pop(0)
        for _ in range(rng.randint(2, 4)):
            if len(branches) >= count:
                break
            slug = f"b{len(branches):04d}"
            unit = f"{county}区{rng.choice(UNITS)}第{len(branches)}"
            name = f"{prefecture}{unit}{KINDS[depth]}"
            branches.append((slug, name, KINDS[depth], prefecture, f"{county}区", parent))
            if depth < 3:
                frontier.append((slug, prefecture, county, depth + 1))
    return branches


def write_branch(folder, slug, name, kind, prefecture, county, parent):
    lines = [f"Name: {name}", f"Kind: {kind}", f"Prefecture: {prefecture}"]
    lines += [f"County: {county}"] if county else []
    lines += [f"Parent: {parent}"] if parent else []
    text = "\n".join(lines) + f"\n\n{name}，位于{prefecture}{county}。\n"
    (folder / f"{slug}.md").write_text(text, encoding="utf-8")


def issue_day(index, every=1):
    """The date of the printed page the `index`th piece is on."""
    return FIRST_ISSUE + timedelta(days=(index // PIECES_PER_ISSUE) * every)


def article_text(rng, index, column, piece_type, authors, tags, branches, every=1):
    title = "".join(rng.choice(WORDS) for _ in range(rng.randint(3, 5)))
    people = [person_name(rng) for _ in range(3)]
    lines = [
        f"Title: {title}",
        f"Date: {issue_day(index, every)}",
        f"Category: {column}",
        f"Type: {piece_type}",
        f"Slug: piece-{index:05d}",
    ]
    if piece_type == "photo":
        lines.append(f"Photographer: {rng.choice(authors)}")
    else:
        lines += [f"Author: {rng.choice(authors)}", "Byline: 本报记者", "Mark: □"]
    if piece_type == "profile":
        lines += [f"Person: {people[0]}", f"Position: {rng.choice(POSITIONS)}"]
    if rng.random() < 0.85:
        lines.append("Branches: " + ", ".join(rng.sample(branches, rng.randint(1, 3))))
    lines.append("Tags: " + ", ".join(rng.sample(tags, rng.randint(1, 3))))
    return "\n".join(lines) + "\n\n" + body(rng, people) + "\n"


def generate(out_dir, articles=5000, seed=4, every=1, organizations=None, authors=30):
    """Write out_dir/content/ (replacing it) and return its path; a printed page every
    `every` days; `organizations` (by default N/20, at least one per 盟市) gives deeper
    trees to a small corpus; `authors` writers and photographers (a paper's archive has
    about one new each printed page, N/7: add_day adds one)."""
    rng = random.Random(seed)
    content = Path(out_dir) / "content"
    shutil.rmtree(content, ignore_errors=True)
    (content / "branches").mkdir(parents=True)
    shutil.copy(COLUMNS_FILE, content / "columns.toml")
    registry = tomllib.loads(COLUMNS_FILE.read_text(encoding="utf-8"))
    columns = [column["name"] for column in registry["column"]]
    organizations = organizations or articles // 20
    branches = branch_tree(rng, max(len(PREFECTURES), organizations))
    for branch in branches:
        write_branch(content / "branches", *branch)
    names = set()
    while len(names) < authors:
        names.add(person_name(rng))
    authors = sorted(names)
    tags = TAG_WORDS[:50]
    slugs = [branch[0] for branch in branches]
    for index in range(articles):
        order = index % PIECES_PER_ISSUE
        column = columns[order * len(columns) // PIECES_PER_ISSUE]
        piece_type = "photo" if column == "阵地" else rng.choice(TEXT_TYPES)
        text = article_text(rng, index, column, piece_type, authors, tags, slugs, every)
        day = issue_day(index, every)
        path = content / "articles" / day.isoformat() / f"{order + 1:02d}-piece-{index:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return content


def add_day(content):
    """Add the next printed page to the corpus in `content`: PIECES_PER_ISSUE pieces dated
    the day after the newest, the first by an author new to the corpus, the second about a
    new organization (a branch under an existing Party committee). Deterministic: the same
    corpus gets the same day. Returns the new day's date."""
    content = Path(content)
    articles = sorted((content / "articles").rglob("*.md"))
    count = len(articles)
    day = max(date.fromisoformat(path.parent.name) for path in articles) + timedelta(days=1)
    rng = random.Random(f"{count} {day}")
    authors = sorted(
        {
            line.split(": ", 1)[1]
            for path in articles[-200:]
            for line in path.read_text(encoding="utf-8").splitlines()
            if line.startswith(("Author: ", "Photographer: "))
        }
    )
    new_author = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(3))
    committees = [
        path
        for path in sorted((content / "branches").glob("*.md"))
        if "Kind: 党委" in path.read_text(encoding="utf-8")
    ]
    parent = rng.choice(committees)
    fields = dict(
        line.split(": ", 1)
        for line in parent.read_text(encoding="utf-8").split("\n\n")[0].splitlines()
    )
    branch_slug = f"n{day:%Y%m%d}"
    name = f"{fields['Prefecture']}{fields.get('County', '')}新建第{count}党支部"
    branch = (branch_slug, name, "党支部", fields["Prefecture"], fields.get("County", ""))
    write_branch(content / "branches", *branch, parent.stem)
    registry = tomllib.loads(COLUMNS_FILE.read_text(encoding="utf-8"))
    columns = [column["name"] for column in registry["column"]]
    slugs = [path.stem for path in sorted((content / "branches").glob("*.md"))]
    for order in range(PIECES_PER_ISSUE):
        index = count + order
        column = columns[order * len(columns) // PIECES_PER_ISSUE]
        piece_type = "photo" if column == "阵地" else rng.choice(TEXT_TYPES)
        by = [new_author] if order == 0 else authors
        text = article_text(rng, index, column, piece_type, by, TAG_WORDS[:50], slugs)
        lines = [
            f"Date: {day}" if line.startswith("Date: ") else line
            for line in text.split("\n\n", 1)[0].splitlines()
            if not (order == 1 and line.startswith("Branches: "))
        ]
        if order == 1:
            lines.append(f"Branches: {branch_slug}")
        path = content / "articles" / day.isoformat() / f"{order + 1:02d}-piece-{index:05d}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("\n".join(lines) + "\n\n" + text.split("\n\n", 1)[1], encoding="utf-8")
    return day


if __name__ == "__main__":
    count = int(sys.argv[2]) if len(sys.argv) > 2 else 5000
    print(generate(Path(sys.argv[1]), count))
