"""deploy/nginx.conf serving a production build with Debian's nginx, as a reader gets it."""

import http.client
import os
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from dangjian.build.pipeline import build_site
from support import ROOT, Site

NGINX = Path("/usr/sbin/nginx")
BROTLI_MODULE = Path("/usr/lib/nginx/modules/ngx_http_brotli_static_module.so")
TYPES = {
    ".html": "text/html; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".js": "application/javascript; charset=utf-8",
    ".svg": "image/svg+xml; charset=utf-8",
    ".xml": "text/xml; charset=utf-8",  # a sitemap; feeds are Atom, below
    ".json": "application/json; charset=utf-8",
}
ATOM = "application/atom+xml; charset=utf-8"
# Files this small are sent as they are: pelican-precompress's PRECOMPRESS_MIN_SIZE, and
# nginx's gzip_min_length (20) for compressing on the fly.
TOO_SMALL_TO_COMPRESS = 20
# The skeleton around the server block, as Debian's /etc/nginx/nginx.conf has it,
# with every file nginx writes in the test's own folder.
MAIN_CONF = """\
pid {dir}/nginx.pid;
error_log stderr;
load_module {brotli};
events {{ worker_connections 64; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log off;
    client_body_temp_path {dir}/body;
    proxy_temp_path {dir}/proxy;
    fastcgi_temp_path {dir}/fastcgi;
    uwsgi_temp_path {dir}/uwsgi;
    scgi_temp_path {dir}/scgi;
    include {dir}/site.conf;
}}
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def server(monkeypatch_module):
    """(Site, port): the real site built with publishconf.py, served by nginx."""
    # Not a skip: a run without nginx would pass without testing anything.
    if not (NGINX.exists() and BROTLI_MODULE.exists()):
        pytest.fail("no nginx or its brotli module: run `./run system-packages`", pytrace=False)
    # Readable by the unprivileged user nginx runs as (pytest's own temp folders are not).
    folder = Path(tempfile.mkdtemp(prefix="nginx-site-"))
    folder.chmod(0o755)
    port = free_port()
    monkeypatch_module.setenv("SITEURL", f"http://127.0.0.1:{port}")
    result = build_site(folder / "output", ROOT / "publishconf.py")
    assert result.ok, result.log
    conf = (ROOT / "deploy" / "nginx.conf").read_text(encoding="utf-8")
    conf = conf.replace("${SITE_ROOT}", str(folder / "output"))
    conf = conf.replace("${SITE_PORT}", f"127.0.0.1:{port}")
    (folder / "site.conf").write_text(conf, encoding="utf-8")
    (folder / "nginx.conf").write_text(
        MAIN_CONF.format(dir=folder, brotli=BROTLI_MODULE), encoding="utf-8"
    )
    user = {}
    if os.geteuid() == 0:  # never serve as root: the whole of nginx runs as nobody
        shutil.chown(folder, "nobody")
        user = {"user": "nobody", "group": "nogroup"}
    command = [NGINX, "-p", folder, "-c", folder / "nginx.conf", "-e", "stderr"]
    nginx = subprocess.Popen(
        [*map(str, command), "-g", "daemon off; master_process off;"],
        stderr=subprocess.PIPE,
        text=True,
        **user,
    )
    try:
        deadline = time.monotonic() + 20
        while True:
            assert nginx.poll() is None, nginx.stderr.read()
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not start"
                time.sleep(0.05)
        yield Site(folder / "output"), port
    finally:
        nginx.terminate()
        nginx.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def get(port, path, encoding=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    connection.request("GET", path, headers={"Accept-Encoding": encoding} if encoding else {})
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response, body


def served_files(site):
    return [
        path
        for path in sorted(site.root.rglob("*"))
        if path.is_file() and path.suffix not in {".gz", ".br"}
    ]


def url_of(site, path):
    return "/" + str(path.relative_to(site.root)).removesuffix("index.html")


def test_every_file_is_served_with_its_type_and_charset(server):
    site, port = server
    files = served_files(site)
    assert sum(path.suffix == ".html" for path in files) == len(site.pages()) > 1
    failures = []
    for path in files:
        url = url_of(site, path)
        response, body = get(port, url)
        expected = ATOM if path.name == "atom.xml" else TYPES.get(path.suffix)
        if response.status != 200 or (expected and response.getheader("Content-Type") != expected):
            failures.append(f"{url}: {response.status} {response.getheader('Content-Type')}")
        elif body != path.read_bytes():
            failures.append(f"{url}: not the built file")
    assert not failures, "\n".join(failures)


@pytest.mark.parametrize("encoding, suffix", [("gzip", ".gz"), ("br", ".br")])
def test_compressed_files_are_served_when_asked(server, encoding, suffix):
    """Every page, style sheet and script comes as the very file the build compressed.

    Other text files too; nginx gzips (never brotlis) those that have no such file.
    """
    site, port = server
    failures = []
    for path in served_files(site):
        compressed = path.with_name(path.name + suffix)
        if path.suffix not in TYPES or not (compressed.exists() or encoding == "gzip"):
            continue
        if path.stat().st_size < TOO_SMALL_TO_COMPRESS:  # e.g. pagefind/bundles.json, "[]"
            continue
        url = url_of(site, path)
        response, body = get(port, url, encoding=f"{encoding}, deflate")
        if path.suffix in {".html", ".css", ".js", ".json"} and not compressed.exists():
            failures.append(f"{url}: no {compressed.name} beside it")  # search index's too
        elif response.getheader("Content-Encoding") != encoding:
            failures.append(f"{url}: Content-Encoding {response.getheader('Content-Encoding')}")
        elif compressed.exists() and body != compressed.read_bytes():
            failures.append(f"{url}: not the pre-compressed {compressed.name}")
        elif "Accept-Encoding" not in (response.getheader("Vary") or ""):
            failures.append(f"{url}: no Vary: Accept-Encoding")
    assert not failures, "\n".join(failures)


def test_unknown_paths_get_the_404_page(server):
    site, port = server
    for url in ("/no/such/page/", "/articles/2099/01/x/", "/theme/css/nothing.css"):
        response, body = get(port, url)
        assert response.status == 404, url
        assert response.getheader("Content-Type") == "text/html; charset=utf-8"
        assert body == (site.root / "404.html").read_bytes()


def test_a_folder_without_its_slash_redirects_on_the_same_address(server):
    _, port = server
    response, _ = get(port, "/archives")
    assert response.status == 301
    assert response.getheader("Location") == "/archives/"


def test_headers_forbid_other_origins_and_match_the_headers_file(server):
    site, port = server
    lines = (ROOT / "deploy" / "_headers").read_text(encoding="utf-8").splitlines()
    declared = dict(
        line.strip().split(": ", 1) for line in lines if line.startswith("  ")
    )  # the headers under "/*"
    policy = declared["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["frame-ancestors"] == "'none'"
    assert all(
        source in {"'self'", "'none'", "data:", "'wasm-unsafe-eval'"}
        or source.startswith("'sha256-")  # an inline script allowed by its hash
        for sources in directives.values()
        for source in sources.split()
    ), f"another origin is allowed: {policy}"
    for url in ("/", "/no/such/page/", url_of(site, next(site.root.rglob("*.css")))):
        response, _ = get(port, url)
        for name, value in declared.items():
            assert response.getheader(name) == value, f"{url}: {name}"
    # The same policy in each page, for hosts that send no headers; a <meta> policy
    # cannot say frame-ancestors.
    meta = site.soup("/").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    assert f"{meta['content']}; frame-ancestors 'none'" == policy


def test_the_policy_blocks_nothing_the_site_uses(server, browser):
    """Every page in Chromium under the headers nginx sends: no violation, no error."""
    site, port = server
    page = browser.new_page()
    problems = []
    page.on("console", lambda m: m.type == "error" and problems.append(f"{page.url}: {m.text}"))
    page.on("pageerror", lambda error: problems.append(f"{page.url}: {error}"))
    for path in sorted(site.root.rglob("*.html")):
        page.goto(f"http://127.0.0.1:{port}{url_of(site, path)}", wait_until="load")
    page.close()
    assert not problems, "\n".join(problems)


def test_fingerprinted_assets_are_cached_for_long(server):
    site, port = server
    hashed = [p for p in site.root.rglob("*.css") if len(p.stem.rsplit(".", 1)[-1]) == 10]
    assert hashed
    response, _ = get(port, url_of(site, hashed[0]))
    assert response.getheader("Cache-Control") == "max-age=315360000"
    response, _ = get(port, "/")
    assert response.getheader("Cache-Control") == "max-age=600"
