"""The paper's conventions (content/conventions.toml, section [conventions]).

How the paper prints bylines, credits, marks and column heads: what the page
reader (dangjian/desk/importer) needs to know about one paper, in one file an editor
can extend for another. Read with the other registries (Registries.load). Every key
has a default: the project's own paper, the same values the file ships with.
"""

import os
import re
from dataclasses import dataclass, fields

from .problems import Problem
from .sources import read_toml

FILE_NAME = "conventions.toml"


@dataclass
class Conventions:
    marks: tuple = ("□", "■", "◎", "●", "○", "◇", "◆", "☆", "★")
    commentary_marks: tuple = ("◎",)
    byline_roles: tuple = (
        "本报记者",
        "本报通讯员",
        "本报特约记者",
        "本报评论员",
        "本报实习生",
        "本报见习记者",
        "特约评论员",
        "评论员",
        "特约记者",
        "见习记者",
        "记者",
        "通讯员",
        "实习生",
        "新华社记者",
        "人民日报记者",
        "人民日报评论员",
    )
    commentary_roles: tuple = ("评论员",)
    commentary_columns: tuple = ("观潮", "金台潮声", "短评")
    known_columns: tuple = ()
    series_separators: tuple = ("·", "•", "・")
    photo_credit: str = "摄"
    photo_credit_openers: tuple = ("图为", "图片由", "本报记者", "记者", "通讯员")
    end_credit_suffixes: tuple = ("采访整理", "整理", "报道", "供稿", "撰稿")
    inline_byline_openers: tuple = ("本报讯", "本报电", "本报消息")
    note_openers: tuple = ("数据来源", "资料来源", "图表来源", "来源：", "制图", "图表制作")
    editor_note_heads: tuple = ("编者按", "编者的话")
    editor_note_signature: str = "——编者"
    subtitle_opener: str = "——"
    kicker_endings: tuple = ("——", "：")
    profile_kicker_ending: str = "："
    speaker_posts: tuple = (
        "书记",
        "主任",
        "队长",
        "负责人",
        "经理",
        "院长",
        "站长",
        "所长",
        "组长",
        "社长",
        "局长",
        "乡长",
        "镇长",
        "村长",
        "校长",
        "党员",
        "代表",
        "委员",
        "志愿者",
        "快递员",
        "司机",
        "民警",
        "医生",
        "教师",
    )
    editor_code: str = "^[①-⑳][0-9]{1,3}$"
    max_title: int = 40
    max_subhead: int = 22
    max_column: int = 20
    max_byline: int = 40
    # Not from the file: the registered column names, added by the importer.
    registered_columns: tuple = ()

    def __post_init__(self):
        self.roles_longest_first = sorted(set(self.byline_roles), key=len, reverse=True)
        roles = "|".join(re.escape(role) for role in self.roles_longest_first)
        self.role_pattern = re.compile(f"({roles})")
        self.code_pattern = re.compile(self.editor_code)

    def with_columns(self, names):
        """These conventions, knowing the registered column `names` too."""
        values = {f.name: getattr(self, f.name) for f in fields(self)}
        values["registered_columns"] = tuple(names)
        return Conventions(**values)

    @property
    def known_heads(self):
        return set(self.registered_columns) | set(self.known_columns)

    def series_base(self, head):
        """金台潮声·作风建设系列谈⑦ → 金台潮声; a head without a series → itself."""
        for separator in self.series_separators:
            if separator in head:
                return head.split(separator)[0]
        return head

    def is_known_head(self, head):
        """A registered or listed head, or one of them with a series after it."""
        known = self.known_heads
        if head in known:
            return True
        for separator in self.series_separators:
            parts = head.split(separator)
            if len(parts) > 1 and any(part in known for part in parts):
                return True
        return False

    def is_commentary_column(self, head):
        parts = {head, self.series_base(head)}
        for separator in self.series_separators:
            parts.update(head.split(separator))
        return any(part in self.commentary_columns for part in parts)


KINDS = {f.name: f.type for f in fields(Conventions) if f.name != "registered_columns"}


def _check(path, table):
    """(values, problems) of the [conventions] table."""
    values, problems = {}, []
    for key, value in table.items():
        if key not in KINDS:
            known = "、".join(KINDS)
            fix = f"删去，或改成其中之一：{known}。"
            problems.append(Problem(path, f"[conventions] 中的“{key}”不认识。", fix, field=key))
            continue
        kind = KINDS[key]
        if kind is tuple and isinstance(value, list) and all(isinstance(v, str) for v in value):
            value = tuple(value)
        wrong = (
            (kind is tuple and not isinstance(value, tuple))
            or (kind is str and not isinstance(value, str))
            or (kind is int and not (isinstance(value, int) and value > 0))
        )
        if wrong:
            example = {tuple: '["甲", "乙"]', str: '"甲"', int: "40"}[kind]
            fix = f"写成 {key} = {example}。"
            problems.append(Problem(path, f"[conventions] 中 {key} 的值格式不对。", fix, field=key))
            continue
        values[key] = value
    if "editor_code" in values:
        try:
            re.compile(values["editor_code"])
        except re.error as error:
            problems.append(
                Problem(
                    path,
                    f"[conventions] 中 editor_code 不是有效的正则表达式（{error}）。",
                    '例如 editor_code = "^[①-⑳][0-9]{1,3}$"。',
                    field="editor_code",
                )
            )
    return values, problems


def read_conventions(content):
    """(the conventions of the paper whose content folder is `content`, problems): the
    defaults where there is no file, and where the file has problems."""
    path = os.path.join(str(content), FILE_NAME)
    if not os.path.isfile(path):
        return Conventions(), []
    data, problems = read_toml(path, "检查这一行的引号、逗号和方括号；文件须是 UTF-8 编码。")
    if data is None:
        return Conventions(), problems
    table = data.get("conventions", {})
    if not isinstance(table, dict):
        fix = "以一行 [conventions] 开头。"
        return Conventions(), [Problem(path, "[conventions] 应是一节设置。", fix)]
    values, problems = _check(path, table)
    return (Conventions() if problems else Conventions(**values)), problems
