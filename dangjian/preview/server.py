"""The editors' preview: serve output/, rebuild on save, reload the browser.

A watcher rebuilds the site whenever a file under content/, theme/ or dangjian/
or a settings file changes. Open pages reload themselves after a good build;
after a failed build they show the build's error messages over the page, while
the last good site is still what is served.

The fast path (warm.py): when only an article's body changed, a warm
Pelican renders that article's page within a fraction of a second, byte for byte
as the full build will, into a folder served in front of output/; open pages
reload (or show the content errors, as a build would). The full build still runs,
in the background, and stays the source of truth: once it has replaced output/, the
page it covers leaves the front folder; pages showing only what the fast path
rendered do not reload again (the event lists them as `unchanged`), all others do.
Any other change (fields, new or deleted files, templates, registries, settings)
goes to the full build alone, after which the warm Pelican reads the site again.

Timing: a reloaded page reports back (RELOADED_PATH) once it has loaded, and the
server prints the time from the save (the changed file's modification time) to
that moment: what the editor waits. It also prints save → build done → event sent.
"""

import base64
import hashlib
import json
import os
import runpy
import shutil
import tempfile
import threading
import time
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from watchfiles import watch

from dangjian.build.pipeline import BuildResult, build_site
from dangjian.paths import OUTPUT, ROOT, SETTINGS
from dangjian.urls import url_paths

from . import warm as preview

EVENTS_PATH = "/__build_events"
RELOADED_PATH = "/__reloaded"
WATCHED = [ROOT / "content", ROOT / "theme", ROOT / "dangjian", ROOT / "pelicanconf.py"]
# Added to every HTML page this server sends; never part of the built site.
RELOAD_STYLE = """
#build-errors { position: fixed; inset: auto 0 0 0; z-index: 99; max-height: 60vh; overflow: auto;
  margin: 0; padding: 1em; background: #fff3f2; color: #5c0b06; border-top: 4px solid #b3261e;
  font: 15px/1.6 monospace; white-space: pre-wrap; }
"""
RELOAD_JS = """
(function () {
  var reloaded = sessionStorage.getItem("reloadedForBuild");
  if (!reloaded) return;
  sessionStorage.removeItem("reloadedForBuild");
  var report = function () { fetch("%r?build=" + reloaded, {cache: "no-store"}); };
  if (document.readyState === "complete") report();
  else window.addEventListener("load", report);
})();
window.buildEvents = new EventSource("%s");
window.buildEvents.addEventListener("build", function (event) {
  var build = JSON.parse(event.data);
  window.lastBuild = build.number;
  var box = document.getElementById("build-errors");
  if (build.ok && build.unchanged.indexOf(location.pathname) >= 0) {
    if (box) box.remove();  // the full build confirmed the page already shown
    return;
  }
  if (build.ok) {
    sessionStorage.setItem("reloadedForBuild", build.number);
    location.reload();
    return;
  }
  box = box || document.createElement("pre");
  box.id = "build-errors";
  box.setAttribute("role", "alert");
  box.textContent = "构建失败，页面仍是上一次成功的版本。改正后保存即可重新构建：\\n\\n" +
    build.log;
  document.body.appendChild(box);
});
""".replace("%s", EVENTS_PATH).replace("%r", RELOADED_PATH)
RELOAD_SCRIPT = f"\n<style>{RELOAD_STYLE}</style>\n<script>{RELOAD_JS}</script>\n"


def source_hash(text):
    """A CSP source expression allowing the inline script or style `text`."""
    digest = base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")
    return f"'sha256-{digest}'"


def preview_policy(policy):
    """The site's Content-Security-Policy, allowing this server's reload script and style
    too: the preview runs no other inline script than the published site does."""
    return policy.replace("script-src ", f"script-src {source_hash(RELOAD_JS)} ", 1).replace(
        "style-src ", f"style-src {source_hash(RELOAD_STYLE)} ", 1
    )


POLICY = preview_policy(runpy.run_path(str(SETTINGS))["SECURITY_POLICY"])


class BuildEvents:
    """The latest build result, a way to wait for the next one, and when each was saved."""

    def __init__(self):
        self.condition = threading.Condition()
        self.number = 0
        self.result = None
        self.unchanged = []
        self.saved_at = {}  # build number → time.time() of the save that started it
        self.reload_seconds = {}  # build number → save to reloaded page, first report

    def publish(self, result, saved_at=None, unchanged=()):
        """`unchanged`: URL paths of pages this result does not change (no reload needed)."""
        with self.condition:
            self.number += 1
            self.result = result
            self.unchanged = sorted(unchanged)
            self.saved_at[self.number] = saved_at or time.time()
            self.condition.notify_all()
            return self.number

    def reloaded(self, number):
        """Seconds from the save to this build's reloaded page; None if already reported."""
        with self.condition:
            if number not in self.saved_at or number in self.reload_seconds:
                return None
            seconds = time.time() - self.saved_at[number]
            self.reload_seconds[number] = seconds
            return seconds

    def wait_after(self, number, timeout):
        with self.condition:
            self.condition.wait_for(lambda: self.number > number, timeout)
            return self.number, self.result


class PreviewHandler(SimpleHTTPRequestHandler):
    def do_GET(self):
        if self.path == EVENTS_PATH:
            return self.stream_events()
        if self.path.startswith(RELOADED_PATH + "?"):
            return self.record_reload()
        try:
            page = self.page(Path(self.translate_path(self.path)))
        except (OSError, ValueError):  # a name too long for the file system, a NUL …
            page = None
        if page is None:
            return self.send_page(Path(self.directory) / "404.html", HTTPStatus.NOT_FOUND)
        if page.suffix == ".html":
            return self.send_page(page, HTTPStatus.OK)
        return super().do_GET()  # assets, and folders without their slash (a redirect)

    def page(self, path):
        """The file to send for `path`: the fast path's page if it has a newer one, the
        built one, or None when there is none."""
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        fast = self.server.fast_pages / path.relative_to(self.directory)
        if path.suffix == ".html" and fast.is_file():
            return fast  # newer than the full build's
        return path if path.exists() else None

    def send_page(self, path, status):
        """An HTML page with the reload script added."""
        try:
            page = path.read_bytes()
        except OSError:  # no 404.html (a site being built for the first time)
            page = "<!DOCTYPE html><title>页面不存在</title><body>页面不存在。</body>".encode()
        body = page.replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>", 1)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Security-Policy", POLICY)
        self.end_headers()
        self.wfile.write(body)

    def record_reload(self):
        build = parse_qs(urlsplit(self.path).query).get("build", [""])[0]
        number = int(build) if build.isascii() and build.isdigit() else None  # not "²"
        seconds = self.server.events.reloaded(number) if number is not None else None
        if seconds is not None:
            print(f"从保存到浏览器刷新完成：{seconds:.2f} 秒", flush=True)
        self.send_response(HTTPStatus.NO_CONTENT)
        self.end_headers()

    def stream_events(self):
        self.send_response(HTTPStatus.OK)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.server.events.number
        try:
            while True:
                number, result = self.server.events.wait_after(seen, timeout=15)
                if number == seen:
                    self.wfile.write(b": still here\n\n")  # finds closed connections
                else:
                    seen = number
                    event = {"ok": result.ok, "log": result.log, "number": number}
                    event["unchanged"] = self.server.events.unchanged
                    data = json.dumps(event, ensure_ascii=False)
                    self.wfile.write(f"event: build\ndata: {data}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            pass

    def log_message(self, format, *args):
        pass  # the terminal is for build messages


def report(result):
    status = (
        f"构建成功（{result.seconds:.1f} 秒）"
        if result.ok
        else "构建失败，仍在提供上一次成功的网站"
    )
    print(result.log, f"\n{status}", sep="\n" if result.log else "", flush=True)


def saved_at(paths):
    """When the newest of the changed files was saved (now, if they were all deleted)."""
    times = [os.stat(path).st_mtime for path in paths if os.path.exists(path)]
    return max(times, default=time.time())


class Preview:
    """What the watcher and the builder share: changes since the last build started,
    pages of the fast path served in front of output/, and the warm Pelican.

    Every change gets a number. A full build covers the changes numbered up to the
    last one before it started; fast pages of later changes stay in front.
    """

    def __init__(self, server, build, warm):
        self.server, self.build, self.make_warm = server, build, warm
        self.lock = threading.Condition()
        self.change = 0  # number of the latest change
        self.to_build = False  # a change no build has started on since
        self.fast = {}  # save_as → number of the change that rendered it
        self.fast_unbuilt = set()  # save_as of fast pages since the last build started
        self.slow_unbuilt = False  # a change since then that only a build shows
        self.warm, self.warm_from = None, 0  # the warm Pelican read the site at this change
        self.slow_at = 0  # the latest change the warm Pelican has not taken in
        self.saved = time.time()  # when the latest change was saved

    # --- the watcher ---
    def changed(self, paths):
        saved = saved_at(paths)
        with self.lock:
            self.change += 1
            self.saved = saved
            number, warm = self.change, self.warm
            fast_ok = warm is not None and self.warm_from >= self.slow_at and len(paths) == 1
        answer = warm.render(paths[0]) if fast_ok else (preview.SLOW, "")
        with self.lock:
            if answer[0] == preview.FAST:
                for save_as in answer[1]:
                    self.fast[save_as] = number
                self.fast_unbuilt.update(answer[1])
            elif answer[0] == preview.SLOW:
                self.slow_unbuilt = True
                self.slow_at = number
            self.to_build = True
            self.lock.notify_all()
        if answer[0] == preview.SLOW:
            print(f"\n已修改：{'、'.join(paths)}，重新构建……", flush=True)
            return
        ok = answer[0] == preview.FAST
        log = "" if ok else answer[1]
        self.server.events.publish(BuildResult(ok, log, time.time() - saved), saved)
        if ok:
            print(f"\n已修改：{paths[0]}，已生成预览页，完整构建在后台进行……", flush=True)
        else:
            print(f"\n已修改：{paths[0]}\n{log}\n有错误，仍在提供上一次成功的网站", flush=True)
        print(f"从保存到预览页生成并通知浏览器：{time.time() - saved:.2f} 秒", flush=True)

    # --- the builder ---
    def build_forever(self):
        self.rewarm()
        while not self.server.stop_watching.is_set():
            with self.lock:
                if not self.lock.wait_for(lambda: self.to_build, timeout=0.5):
                    continue
                self.to_build = False
                covers, saved = self.change, self.saved
                fast, self.fast_unbuilt = self.fast_unbuilt, set()
                slow, self.slow_unbuilt = self.slow_unbuilt, False
            result = self.build()
            report(result)
            with self.lock:
                shown = [name for name, number in self.fast.items() if number > covers]
                unchanged = set(shown) | (set() if slow else fast)
                for name in [name for name, number in self.fast.items() if number <= covers]:
                    del self.fast[name]
                    (self.server.fast_pages / name).unlink(missing_ok=True)
            paths = [path for name in unchanged for path in url_paths(name)]
            self.server.events.publish(result, saved, paths)
            print(f"从保存到构建完成并通知浏览器：{time.time() - saved:.2f} 秒", flush=True)
            if result.ok:
                self.rewarm()

    def rewarm(self):
        """Read the site again in a warm Pelican if changes since it read it were not
        taken in, and no build waits."""
        with self.lock:
            if self.make_warm is None or self.to_build:
                return
            if self.warm is not None and self.warm_from >= self.slow_at:
                return
            old, self.warm, self.warm_from = self.warm, None, self.change
        if old is not None:
            old.close()
        warm = self.make_warm(self.server.fast_pages)
        if not warm.ready:
            warm.close()
            return
        with self.lock:
            self.warm = warm

    def close(self):
        with self.lock:
            warm, self.warm = self.warm, None
        if warm is not None:
            warm.close()


def rebuild_on_change(server, watched):
    for changes in watch(*watched, debounce=100, stop_event=server.stop_watching):
        server.preview.changed(sorted({str(path) for _, path in changes}))


def start(output, build, watched=WATCHED, host="127.0.0.1", port=8000, warm=None):
    """Serve `output` and rebuild with `build()` on every change, in background threads.

    `warm(folder)`, if given, starts a preview.WarmSite rendering into `folder`: the
    fast path. Returns the server; `stop(server)` ends both.
    """
    server = ThreadingHTTPServer((host, port), partial(PreviewHandler, directory=str(output)))
    server.daemon_threads = True
    server.events = BuildEvents()
    server.stop_watching = threading.Event()
    server.fast_pages = Path(tempfile.mkdtemp(prefix="preview-pages-"))
    server.preview = Preview(server, build, warm)
    server.builder = threading.Thread(target=server.preview.build_forever, daemon=True)
    server.builder.start()
    threading.Thread(target=rebuild_on_change, args=(server, watched), daemon=True).start()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def stop(server):
    server.stop_watching.set()
    server.shutdown()
    server.server_close()
    server.builder.join()
    server.preview.close()
    shutil.rmtree(server.fast_pages, ignore_errors=True)


def serve(host="127.0.0.1", port=8000, output=OUTPUT, build=build_site):
    """Preview the site until Ctrl+C."""
    warm = partial(preview.WarmSite, output=output)  # its caches beside output's
    server = start(output, build, host=host, port=port, warm=warm)
    print(f"预览地址：http://{host}:{port}/", flush=True)
    print("保存文件后自动重新构建并刷新页面；按 Ctrl+C 退出。", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop(server)
