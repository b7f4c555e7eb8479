"""Chinese personal names as bylines print them: padded, glued, one after another.

"张  洋  何昭宇" (a two-character name padded to the width of three), "王飞李永"
(two names glued), "希  仁" (a pen name). Surnames tell where a glued name ends;
they are facts of the language, not of any one paper.
"""

import re

# The common single-character surnames (about 99% of people) and the compound ones.
SURNAMES = set(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程"
    "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝"
    "龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞"
    "左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕"
    "屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧"
    "闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥"
    "南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支"
    "卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫杭况那宿鲜印"
    "逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由"
    "赖洪鄂竺习巢逄郗蓟荀阎粱邴訾甯弓郦綦苌钮贲蔚丘滑暴钭郏"
)
COMPOUND_SURNAMES = {
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文",
    "司徒", "夏侯", "轩辕", "令狐", "钟离", "端木", "西门", "南宫", "独孤", "申屠", "万俟",
}  # fmt: skip
HAN = re.compile(r"^[\u4e00-\u9fff]+$")
HAN_OR_DOT = re.compile(r"^[\u4e00-\u9fff·]+$")
SPACES = re.compile(r"[\s\u3000]+")


def has_surname(name):
    return name[:2] in COMPOUND_SURNAMES or name[:1] in SURNAMES


def split_glued(run):
    """A run of Han characters as names: 何昭宇 → [何昭宇], 王飞李永 → [王飞, 李永].

    Names are two or three characters (four with a compound surname); a split is
    chosen so that every name starts with a surname, preferring fewer names. A
    run that cannot be split so is one name if it is short enough, else None.
    """
    if "·" in run:  # a transliterated name (阿布都·热合曼) is never glued to another
        return [run] if HAN_OR_DOT.match(run) and len(run) <= 12 else None
    if len(run) <= 3:
        return [run] if len(run) >= 2 else None
    best = _splits(run)
    if best is not None:
        return best
    return [run] if len(run) <= 4 else None


def _splits(run):
    """The split of `run` into surname-led names of 2–4 characters with fewest names."""
    table = {len(run): []}
    for start in range(len(run) - 1, -1, -1):
        options = []
        for size in (3, 2, 4):
            end = start + size
            if end not in table:
                continue
            name = run[start:end]
            if size == 4 and name[:2] not in COMPOUND_SURNAMES:
                continue
            if not has_surname(name):
                continue
            options.append([name, *table[end]])
        if options:
            table[start] = min(options, key=len)
    return table.get(0)


def unpad(text):
    """Names as printed with padding → the names: "张  洋  何昭宇" → [张洋, 何昭宇].

    Single characters separated by spaces pair up (a two-character name padded to
    the width of three); longer tokens are names, or names glued together.
    Returns None when a token is not a name (too long, or not Chinese).
    """
    tokens = [token for token in SPACES.split(text.strip()) if token]
    names, index = [], 0
    while index < len(tokens):
        token = tokens[index]
        if not HAN_OR_DOT.match(token):
            return None
        if len(token) == 1:
            if index + 1 < len(tokens) and len(tokens[index + 1]) == 1:
                names.append(token + tokens[index + 1])
                index += 2
                continue
            return None
        glued = split_glued(token)
        if glued is None:
            return None
        names += glued
        index += 1
    return names or None


def is_padded_name(text):
    """ "希  仁", "耿  磊": a two-character name printed with a gap, the paper's way."""
    tokens = SPACES.split(text.strip())
    return len(tokens) == 2 and all(len(t) == 1 and HAN.match(t) for t in tokens)


def looks_like_names(text, most=4):
    """A line that is only people's names (a commentator's "吴储岐", "赵  成", "甲 乙")."""
    names = unpad(text)
    if not names or len(names) > most:
        return False
    for token in SPACES.split(text.strip()):
        if len(token) == 1:
            continue  # part of a padded name: padding is the paper's sign of a name
        if len(token) > 4 and "·" not in token:
            return False
    return all(2 <= len(name) <= 4 and has_surname(name) for name in names) or (
        is_padded_name(text)
    )
