"""Output files and the URLs they are served at, one way each.

Every page is a folder's index.html: `articles/2018/03/x/index.html` is served at
`/articles/2018/03/x/`, and a URL ending in a slash serves its folder's index.html.
"""

import posixpath
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

HOST_LABEL = re.compile(r"(?!-)[a-z0-9-]{1,63}(?<!-)")
SITE_PATH = re.compile(r"(?:/(?:[A-Za-z0-9._~-]|%[0-9A-Fa-f]{2})*)*")
SITE_URL_EXAMPLE = (
    "写成如 SITEURL=https://dangjian.example.cn 的完整地址（协议、域名，需要时加端口和路径）。"
)


def clean_url(output_file):
    """articles/2018/03/x/index.html → articles/2018/03/x/ (relative to the site)"""
    directory, name = posixpath.split(str(output_file).replace("\\", "/"))
    if name == "index.html":
        return f"{directory}/" if directory else ""
    return str(output_file)


def page_url(root, file):
    """The root-relative URL a file of the site in `root` is served at: /columns/x/."""
    return "/" + clean_url(Path(file).relative_to(root).as_posix())


def target_file(root, path):
    """The file served for a root-relative path; a folder serves its index.html."""
    file = Path(root) / unquote(path).lstrip("/")
    return file / "index.html" if path.endswith("/") or file.is_dir() else file


def url_paths(output_file):
    """The URL paths a reader may have open for a page written to `output_file`."""
    paths = ["/" + output_file]
    clean = clean_url(output_file)
    if clean != output_file or output_file == "index.html":
        paths.append("/" + clean)
    return paths


def site_url_problem(value):
    """Why `value` cannot be the address a site is published at, in Chinese; None when it
    is an http(s) address: a scheme, a host (ASCII: an internationalized name in its
    xn-- form), an optional port and path, nothing else. It goes into every page, feed
    and the sitemap: a space, a quote or a `<` in it would break them all."""
    shown = f"SITEURL=“{value}”"
    if not value.startswith(("http://", "https://")):
        return f"{shown} 不是以 http:// 或 https:// 开头的完整地址"
    odd = re.search(r"[^\x21-\x7e]|[\"'<>\\^`{|}]", value)
    if odd:
        character = odd.group()
        what = "空格" if character == " " else f"“{character}”（U+{ord(character):04X}）"
        if ord(character) > 0x7E and not character.isspace():
            host = urlsplit(value).hostname or ""
            try:
                ascii_host = host.encode("idna").decode("ascii")
            except UnicodeError:
                ascii_host = ""
            if ascii_host and ascii_host != host:
                return f"{shown} 中有非 ASCII 字符：中文域名请写成 {ascii_host}"
        return f"{shown} 中有{what}，地址里不能有空格、引号、尖括号等字符"
    parts = urlsplit(value)
    if parts.query or parts.fragment or "?" in value or "#" in value:
        return f"{shown} 带有“?”或“#”后的部分，网站地址只有协议、域名和路径"
    if "@" in parts.netloc:
        return f"{shown} 中有用户名或密码（“@”前的部分），不能写进公开的网页"
    try:
        port = parts.port
    except ValueError:
        port = 0
    if port == 0:
        return f"{shown} 的端口号不是 1–65535 的数字"
    host = parts.hostname or ""
    if not host or not all(HOST_LABEL.fullmatch(label) for label in host.split(".")):
        return f"{shown} 的域名“{host}”不是有效的域名（字母、数字、连字符，以点分隔）"
    if not SITE_PATH.fullmatch(parts.path):
        return f"{shown} 的路径“{parts.path}”中有不能直接写进网址的字符"
    return None
