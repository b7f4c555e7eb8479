"""The whole built site through real validators: the Nu HTML Checker and axe-core.

Both come from npm (package.json, installed by `./run`);
the checker runs on the machine's Java, axe-core in Debian's Chromium. The site is the
real one with what editors add over time (conftest.py's epaper_site: a page image with
its pieces' areas, a correction, old addresses), so that every kind of page is there.
"""

import json
import subprocess
from pathlib import Path

import pytest

from bench.page_kinds import PAGE_KINDS, find_pages
from support import DESKTOP, PHONE, ROOT, block_other_hosts

VNU_JAR = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_JS = ROOT / "node_modules" / "axe-core" / "axe.min.js"
JAVA = Path("/usr/bin/java")
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
WIDTHS = {"phone": PHONE, "desktop": DESKTOP}


def installed(path, how):
    # Not a skip: a run without the validator would pass without checking anything.
    if not path.exists():
        pytest.fail(f"{path} is missing: {how}", pytrace=False)
    return path


def test_every_html_file_is_valid_html(epaper_site):
    """One JVM over every HTML file of the site: no error from the Nu HTML Checker."""
    installed(VNU_JAR, "run `./run test` (npm ci) to install vnu-jar")
    installed(JAVA, "install Java with `./run system-packages`")
    site = epaper_site
    files = sorted(str(path) for path in site.root.rglob("*.htm*"))
    assert len(files) == len(site.pages()) + 1  # and the old address named .htm
    process = subprocess.run(
        [str(JAVA), "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        encoding="utf-8",
    )
    messages = json.loads(process.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{message.get('url', '?').split(str(site.root))[-1]}:{message.get('lastLine', '?')}: "
        f"{message['message']}"
        for message in messages
        if message["type"] in ("error", "non-document-error")
    ]
    assert not errors, f"{len(errors)} HTML errors:\n" + "\n".join(errors)
    assert process.returncode == 0, process.stderr


@pytest.fixture(scope="module")
def kinds(epaper_site):
    """{kind: URL}, one page of every kind; every kind in PAGE_KINDS must be there."""
    found = find_pages(epaper_site.root)
    assert set(found) == set(PAGE_KINDS), f"no page of kind {set(PAGE_KINDS) - set(found)}"
    return found


def visit(page, server, kind, url):
    """Open a page of this kind and wait until what its script draws is there. A page that
    sends the browser on (an old address's) is kept: the address it sends the browser to
    answers 204 No Content, which leaves the page where it is."""
    spec = PAGE_KINDS[kind]
    page.unroute("**/*")
    if spec.redirects:
        page.route(
            "**/*",
            lambda route: (
                route.fulfill(status=204)
                if route.request.is_navigation_request() and route.request.url != server + url
                else route.fallback()
            ),
        )
    page.goto(server + spec.visit(url))
    if spec.ready:
        page.locator(spec.ready).first.wait_for()
    if spec.redirects:
        page.wait_for_timeout(300)  # the refresh has been tried, and held
        assert page.url == server + url


@pytest.mark.parametrize(
    ("width", "scheme"), [("phone", "light"), ("desktop", "light"), ("phone", "dark")]
)
def test_no_accessibility_violation_on_any_kind_of_page(
    kinds, epaper_server, browser, width, scheme
):
    """At both widths, and in the dark colours the stylesheet has for readers who ask for them."""
    axe = installed(AXE_JS, "run `./run test` (npm ci) to install axe-core").read_text("utf-8")
    context = browser.new_context(viewport=WIDTHS[width], color_scheme=scheme)
    block_other_hosts(context)
    page = context.new_page()
    violations = []
    for kind, url in kinds.items():
        visit(page, epaper_server, kind, url)
        page.add_script_tag(content=axe)
        found = page.evaluate("async () => (await axe.run(document)).violations")
        violations += [
            f"{kind} {url}: {violation['id']} ({violation['impact']}) "
            + ", ".join(" ".join(node["target"]) for node in violation["nodes"][:5])
            for violation in found
        ]
    context.close()
    where = f"axe-core at {WIDTHS[width]['width']} px, {scheme} colours"
    assert not violations, f"{where}:\n" + "\n".join(violations)


def test_screenshots_of_the_main_pages(kinds, epaper_server, browser, capsys):
    """Saved as test artifacts for a person to look at; the phone shots never scroll sideways."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    wide = []
    for viewport in WIDTHS.values():
        context = browser.new_context(viewport=viewport)
        block_other_hosts(context)
        page = context.new_page()
        for kind, spec in PAGE_KINDS.items():
            if not spec.screenshot:
                continue
            visit(page, epaper_server, kind, kinds[kind])
            path = SCREENSHOTS / f"{kind}-{viewport['width']}.png"
            page.screenshot(path=path, full_page=True)
            assert path.stat().st_size > 10_000, f"{path} is almost empty"
            scroll_width = page.evaluate("document.documentElement.scrollWidth")
            if scroll_width > viewport["width"]:
                wide.append(f"{kind}: {scroll_width}px wide at {viewport['width']}px")
        context.close()
    with capsys.disabled():
        print(f"\nscreenshots saved in {SCREENSHOTS}")
    assert not wide, "\n".join(wide)
