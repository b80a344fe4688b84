"""The notebooks as a researcher sees them: `make lab`, a real browser, Run All, Save, and the HTML exports.

Chromium comes from Debian's package (``.ci/run`` installs it) and is driven
through Playwright's Python package; Playwright's own browser download is never
used. Without a browser the test skips on a developer's machine, never in CI.
Screenshots of every notebook are saved in ``reports/screenshots/``.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("[0-9][0-9]_*.ipynb"))
SCREENSHOTS = ROOT / "reports" / "screenshots"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
TOKEN = "frresearch-browser-test"
STDERR = '[data-mime-type="application/vnd.jupyter.stderr"]'


def _browser_or_skip():
    """Playwright's sync API with the system Chromium, or a skip (outside CI) saying what is missing."""
    problem = None
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        problem = "the playwright package is not installed (pip install -e '.[dev]')"
    if problem is None and not CHROMIUM.exists():
        problem = f"no Chromium at {CHROMIUM} (apt-get install -y chromium)"
    if problem:
        if os.environ.get("CI"):
            pytest.fail(f"browser test cannot run in CI: {problem}")
        pytest.skip(f"no browser for the JupyterLab test: {problem}")
    return sync_playwright


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _get(url: str) -> bytes:
    with urllib.request.urlopen(urllib.request.Request(url, headers={"Authorization": f"token {TOKEN}"}),
                                timeout=10) as response:
        return response.read()


def _figure_cells(notebook: Path) -> list[int]:
    cells = json.loads(notebook.read_text("utf-8"))["cells"]
    return [i for i, cell in enumerate(cells) if "report.figure(" in "".join(cell["source"])]


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """JupyterLab started with `make lab LAB_ARGS=...`, as the README says; yields its URL."""
    home = tmp_path_factory.mktemp("jupyter")
    settings = home / "settings" / "@jupyterlab" / "notebook-extension"
    settings.mkdir(parents=True)
    # Every cell in the page (no virtual scrolling), so the test sees, and the screenshot shows, all of them.
    (settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    notifications = home / "settings" / "@jupyterlab" / "apputils-extension"
    notifications.mkdir(parents=True)
    (notifications / "notification.jupyterlab-settings").write_text(json.dumps({"fetchNews": "false"}))
    port = _free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTER_DATA_DIR": str(home / "data"), "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
           "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces")}
    lab_args = f"--no-browser --port={port} --IdentityProvider.token={TOKEN} --ServerApp.ip=127.0.0.1 " \
               "--ServerApp.port_retries=0 --LabApp.news_url=None --LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate"
    log = (home / "lab.log").open("w")
    server = subprocess.Popen(["make", "--no-print-directory", "lab", f"LAB_ARGS={lab_args}"], cwd=ROOT, env=env,
                              stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while True:
        try:
            _get(f"{url}/api/status")
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                os.killpg(server.pid, signal.SIGTERM)
                pytest.fail(f"make lab did not start JupyterLab: {(home / 'lab.log').read_text()[-3000:]}")
            time.sleep(0.5)
    yield url
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
    log.close()


def _git_status(paths: list[Path]) -> str:
    result = subprocess.run(["git", "status", "--porcelain", "--", *map(str, paths)], cwd=ROOT, capture_output=True,
                            text=True)
    return result.stdout if result.returncode == 0 else "(not a git checkout)"


def _run_all_and_save(page, url: str, notebook: Path) -> None:
    page.goto(f"{url}/lab/tree/{notebook.name}?reset&token={TOKEN}")
    cells = len(json.loads(notebook.read_text("utf-8"))["cells"])
    page.wait_for_function("n => document.querySelectorAll('.jp-Notebook .jp-Cell').length === n", arg=cells,
                           timeout=60_000)
    page.locator("#jp-main-statusbar", has_text=re.compile(r"\| Idle")).first.wait_for(timeout=60_000)
    page.keyboard.press("Control+b")  # hide the file browser: the notebook fills the screenshot
    page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
    page.locator(".lm-Menu-item:visible", has_text="Run All Cells").first.click()
    code_cells = page.locator(".jp-Notebook .jp-CodeCell")
    count = code_cells.count()
    # Done when every code cell shows an execution count and the kernel is idle again.
    page.wait_for_function(
        """count => {
            const prompts = [...document.querySelectorAll('.jp-Notebook .jp-CodeCell .jp-InputPrompt')];
            return prompts.length === count && prompts.every(p => /^\\[\\d+\\]:$/.test(p.textContent.trim()));
        }""", arg=count, timeout=120_000)
    page.locator("#jp-main-statusbar", has_text=re.compile(r"\| Idle")).first.wait_for(timeout=60_000)
    page.locator(".jp-Notebook").first.click(position={"x": 5, "y": 5})
    page.keyboard.press("Control+s")
    page.wait_for_function("() => !document.querySelector('.jp-mod-dirty')", timeout=30_000)


def _screenshot(page, notebook: Path) -> Path:
    height = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('.jp-NotebookPanel .jp-WindowedPanel-outer')]"
        ".map(e => e.scrollHeight), 600)")
    page.set_viewport_size({"width": 1280, "height": min(int(height) + 160, 16_000)})
    page.evaluate("() => document.querySelectorAll('.jp-NotebookPanel .jp-WindowedPanel-outer')"
                  ".forEach(e => { e.scrollTop = 0; })")
    page.wait_for_timeout(500)
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{notebook.stem}.png"
    page.screenshot(path=str(path))
    return path


def test_every_notebook_runs_in_the_lab_shows_its_figures_and_saves_clean(lab):
    sync_playwright = _browser_or_skip()
    before = {p: p.read_bytes() for p in NOTEBOOKS}
    status_before = _git_status(NOTEBOOKS)
    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            for notebook in NOTEBOOKS:
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                _run_all_and_save(page, lab, notebook)
                cells = page.locator(".jp-Notebook > .jp-WindowedPanel-outer .jp-Cell, .jp-Notebook .jp-Cell")
                for index in _figure_cells(notebook):
                    if cells.nth(index).locator(".jp-OutputArea-output img").count() != 1:
                        problems.append(f"{notebook.name}: cell {index + 1} makes a figure but shows no image")
                stderr = page.locator(f".jp-OutputArea-output{STDERR}")
                problems += [f"{notebook.name}: stderr or error output: {stderr.nth(i).inner_text()[:300]!r}"
                             for i in range(stderr.count())]
                _screenshot(page, notebook)
                page.close()
        finally:
            browser.close()
        for kernel in json.loads(_get(f"{lab}/api/kernels")):
            urllib.request.urlopen(urllib.request.Request(f"{lab}/api/kernels/{kernel['id']}", method="DELETE",
                                                          headers={"Authorization": f"token {TOKEN}"}), timeout=10)
    assert problems == []
    assert {p: p.read_bytes() for p in NOTEBOOKS} == before, "saving in the Lab changed a committed notebook"
    assert _git_status(NOTEBOOKS) == status_before
    # Interactive runs write to reports/lab/, not to make analysis's reports/.
    assert (ROOT / "reports" / "lab" / "figures" / "coverage_timeline.png").exists()


def test_html_exports_show_every_figure(executed_seed_run):
    sync_playwright = _browser_or_skip()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page()
            for notebook in NOTEBOOKS:
                page.goto((executed_seed_run.out / "notebooks" / f"{notebook.stem}.html").as_uri())
                widths = page.eval_on_selector_all(".jp-OutputArea-output img", "els => els.map(e => e.naturalWidth)")
                assert len(widths) == len(_figure_cells(notebook)), notebook.name
                assert all(width > 100 for width in widths), (notebook.name, widths)
        finally:
            browser.close()
