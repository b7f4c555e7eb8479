"""Output files and the URLs they are served at, one way each.

Every page is a folder's index.html: `articles/2018/03/x/index.html` is served at
`/articles/2018/03/x/`, and a URL ending in a slash serves its folder's index.html.
"""

import posixpath
from pathlib import Path
from urllib.parse import unquote


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
