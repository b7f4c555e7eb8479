"""The editors' preview: serve output/, rebuild on save, reload the browser.

A watcher rebuilds the site whenever a file under content/, theme/ or plugins/
or a settings file changes. Open pages reload themselves after a good build;
after a failed build they show the build's error messages over the page, while
the last good site is still what is served.

Timing: a reloaded page reports back (RELOADED_PATH) once it has loaded, and the
server prints the time from the save (the changed file's modification time) to
that moment: what the editor waits. It also prints save → build done → event sent.
"""

import json
import os
import threading
import time
from functools import partial
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from watchfiles import watch

from .build import ROOT, build_site

EVENTS_PATH = "/__build_events"
RELOADED_PATH = "/__reloaded"
WATCHED = [ROOT / "content", ROOT / "theme", ROOT / "plugins", ROOT / "pelicanconf.py"]
# Added to every HTML page this server sends; never part of the built site.
RELOAD_SCRIPT = """
<style>
#build-errors { position: fixed; inset: auto 0 0 0; z-index: 99; max-height: 60vh; overflow: auto;
  margin: 0; padding: 1em; background: #fff3f2; color: #5c0b06; border-top: 4px solid #b3261e;
  font: 15px/1.6 monospace; white-space: pre-wrap; }
</style>
<script>
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
  if (build.ok) {
    sessionStorage.setItem("reloadedForBuild", build.number);
    location.reload();
    return;
  }
  var box = document.getElementById("build-errors") || document.createElement("pre");
  box.id = "build-errors";
  box.setAttribute("role", "alert");
  box.textContent = "构建失败，页面仍是上一次成功的版本。改正后保存即可重新构建：\\n\\n" +
    build.log;
  document.body.appendChild(box);
});
</script>
""".replace("%s", EVENTS_PATH).replace("%r", RELOADED_PATH)


class BuildEvents:
    """The latest build result, a way to wait for the next one, and when each was saved."""

    def __init__(self):
        self.condition = threading.Condition()
        self.number = 0
        self.result = None
        self.saved_at = {}  # build number → time.time() of the save that started it
        self.reload_seconds = {}  # build number → save to reloaded page, first report

    def publish(self, result, saved_at=None):
        with self.condition:
            self.number += 1
            self.result = result
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
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            return self.send_page(path, HTTPStatus.OK)
        if not path.exists():
            return self.send_page(Path(self.directory) / "404.html", HTTPStatus.NOT_FOUND)
        return super().do_GET()  # assets, and folders without their slash (a redirect)

    def send_page(self, path, status):
        """An HTML page with the reload script added."""
        body = path.read_bytes().replace(b"</body>", RELOAD_SCRIPT.encode() + b"</body>", 1)
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def record_reload(self):
        build = parse_qs(urlsplit(self.path).query).get("build", [""])[0]
        seconds = self.server.events.reloaded(int(build)) if build.isdigit() else None
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


def rebuild_on_change(server, build, watched):
    for changes in watch(*watched, debounce=100, stop_event=server.stop_watching):
        paths = sorted({str(path) for _, path in changes})
        saved = saved_at(paths)
        print(f"\n已修改：{'、'.join(paths)}，重新构建……", flush=True)
        result = build()
        report(result)
        server.events.publish(result, saved)
        print(f"从保存到构建完成并通知浏览器：{time.time() - saved:.2f} 秒", flush=True)


def start(output, build, watched=WATCHED, host="127.0.0.1", port=8000):
    """Serve `output` and rebuild with `build()` on every change, in background threads.

    Returns the server; `stop(server)` ends both.
    """
    server = ThreadingHTTPServer((host, port), partial(PreviewHandler, directory=str(output)))
    server.daemon_threads = True
    server.events = BuildEvents()
    server.stop_watching = threading.Event()
    threading.Thread(target=rebuild_on_change, args=(server, build, watched), daemon=True).start()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def stop(server):
    server.stop_watching.set()
    server.shutdown()
    server.server_close()


def serve(host="127.0.0.1", port=8000, output=ROOT / "output", build=build_site):
    """Preview the site until Ctrl+C."""
    server = start(output, build, host=host, port=port)
    print(f"预览地址：http://{host}:{port}/", flush=True)
    print("保存文件后自动重新构建并刷新页面；按 Ctrl+C 退出。", flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        pass
    finally:
        stop(server)
