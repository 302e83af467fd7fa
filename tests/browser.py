"""Real browsers and real servers for the browser tests.

Playwright drives Debian's chromium (`/usr/bin/chromium`, installed by `make test`); it never
downloads a browser (`playwright install` is not used). A test that cannot start the browser
fails: it is never skipped.
"""

import contextlib
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from collections import deque
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, sync_playwright

REPO = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
# No sandbox: CI runs as root. The rest keeps Chromium from calling home during a test.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    # only the test's own servers resolve: Superset's pages embed a tracking pixel of an
    # outside host, which would otherwise hold up each page's load event on a slow network
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
# Screenshots the tests take, for people to look at (not committed: see .gitignore).
ARTIFACTS = REPO / "test-artifacts"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextlib.contextmanager
def chromium_page(width: int = 1400, height: int = 1000) -> Iterator[Page]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs it (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser.new_page(viewport={"width": width, "height": height})
        finally:
            browser.close()


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status == 200
    except (OSError, urllib.error.URLError):
        return False


def log_tail(log: Path | None, lines: int = 60) -> str:
    """The last lines a server wrote, for a failure message."""
    if log is None or not log.exists():
        return "(no server log)"
    with log.open(errors="replace") as text:
        tail = "".join(deque(text, maxlen=lines))
    return f"last {lines} lines of {log}:\n{tail}"


@contextlib.contextmanager
def running_server(
    command: list[str],
    env: dict[str, str],
    ready_url: str,
    timeout: float = 180,
    log: Path | None = None,
) -> Iterator[subprocess.Popen]:
    """A server process in its own session, until `ready_url` answers 200; stopped after.

    Its stdout and stderr go to `log` (appended) when given, so a failure can say what the
    server did; else nowhere."""
    output = log.open("ab") if log else subprocess.DEVNULL
    process = subprocess.Popen(
        command,
        cwd=REPO,
        env=env,
        stdout=output,
        stderr=subprocess.STDOUT if log else subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + timeout
        while not _answers(ready_url):
            assert process.poll() is None, (
                f"{command[:3]} exited with {process.returncode}; {log_tail(log)}"
            )
            assert time.monotonic() < deadline, (
                f"{ready_url} did not answer in {timeout:.0f} s; {log_tail(log)}"
            )
            time.sleep(1)
        yield process
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if log:
            output.close()


def record_trouble(page: Page, events: deque) -> None:
    """What the page met that a failure message should tell: the browser's errors, answers
    of 400 and above, requests that got no answer."""
    page.on(
        "console",
        lambda message: (
            events.append(f"console {message.type}: {message.text[:300]}")
            if message.type == "error"
            else None
        ),
    )
    page.on("pageerror", lambda error: events.append(f"page error: {str(error)[:300]}"))
    page.on(
        "response",
        lambda answer: (
            events.append(f"{answer.status} {answer.request.method} {answer.url}")
            if answer.status >= 400
            else None
        ),
    )
    page.on(
        "requestfailed",
        lambda request: events.append(
            f"no answer: {request.method} {request.url} {request.failure}"
        ),
    )


def save_failure(page: Page, name: str, server_log: Path | None) -> list[str]:
    """A screenshot, the page's HTML and the server's log in ARTIFACTS; what was saved."""
    ARTIFACTS.mkdir(exist_ok=True)
    saved = []
    # each on its own: a browser that died keeps the others from being saved, not the message
    with contextlib.suppress(Exception):
        page.screenshot(path=ARTIFACTS / f"{name}-failure.png", full_page=True, timeout=30_000)
        saved.append(f"{name}-failure.png")
    with contextlib.suppress(Exception):
        (ARTIFACTS / f"{name}-failure.html").write_text(page.content())
        saved.append(f"{name}-failure.html")
    if server_log is not None and server_log.exists():
        shutil.copyfile(server_log, ARTIFACTS / f"{name}-server.log")
        saved.append(f"{name}-server.log")
    return saved


def page_state(page: Page) -> str:
    try:
        return f"page {page.url} titled {page.title()!r}"
    except Exception as error:  # the browser may be gone: the rest of the message still counts
        return f"page {page.url} (no title: {error})"


@contextlib.contextmanager
def explained_failure(page: Page, name: str, server_log: Path | None = None) -> Iterator[None]:
    """Any failure inside (a Playwright timeout, an assertion) says what the page showed: its
    URL and title, its errors, the server's last log lines; and leaves a screenshot, the HTML
    and the log in test-artifacts/ as `<name>-failure.png` and so on."""
    events: deque[str] = deque(maxlen=40)
    record_trouble(page, events)
    try:
        yield
    except Exception as error:
        saved = save_failure(page, name, server_log)
        trouble = "\n".join(events) or "(none)"
        error.add_note(
            f"{page_state(page)}\nsaved in {ARTIFACTS}: {', '.join(saved) or 'nothing'}\n"
            f"the page's errors and failed requests:\n{trouble}\n{log_tail(server_log)}"
        )
        raise
