"""What the importer wrote into a date folder, so that a second import can replace it safely.

The folder's `.import.json` lists each draft written and a hash of its text. A
draft whose text still has that hash is the editor's to lose nothing by: the
importer may replace it. One whose text changed, or a file the importer did not
write, is the editor's work and is kept.
"""

import hashlib
import json
import os

from dangjian.model.page_files import IMPORT_RECORD
from dangjian.whole_files import write_whole

FILE_NAME = IMPORT_RECORD


def digest(text):
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def read(folder):
    """{file name: hash} of the drafts the last import wrote into `folder` ({} if none)."""
    path = os.path.join(folder, FILE_NAME)
    try:
        with open(path, encoding="utf-8") as handle:
            data = json.load(handle)
    except (OSError, ValueError):
        return {}
    files = data.get("files", {}) if isinstance(data, dict) else {}
    return {name: value for name, value in files.items() if isinstance(value, str)}


def write(folder, written, source, encoding):
    """Record `written` ({file name: text}) as this import's drafts."""
    data = {
        "note": "./run import-page 写入的草稿及其内容的哈希；"
        "重新导入（--replace）时据此判断哪些草稿编辑改过。",
        "source": source,
        "encoding": encoding,
        "files": {name: digest(text) for name, text in sorted(written.items())},
    }
    path = os.path.join(folder, FILE_NAME)
    write_whole(path, json.dumps(data, ensure_ascii=False, indent=1) + "\n")


def sort_existing(folder):
    """(untouched, edited, not ours): the .md files already in `folder`, by whether the
    last import wrote them and whether they are as it wrote them."""
    recorded = read(folder)
    untouched, edited, foreign = [], [], []
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not name.endswith(".md") or not os.path.isfile(path):
            continue
        if name not in recorded:
            foreign.append(name)
            continue
        with open(path, encoding="utf-8", errors="replace") as handle:
            same = digest(handle.read()) == recorded[name]
        (untouched if same else edited).append(name)
    return untouched, edited, foreign
