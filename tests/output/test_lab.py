"""JupyterLab as researchers open it: the server lists the notebooks and runs one on its python3 kernel."""

from __future__ import annotations

import asyncio
import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
import uuid
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "frresearch-test-token"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _api(port: int, path: str, method: str = "GET", body: dict | None = None):
    request = urllib.request.Request(
        f"http://127.0.0.1:{port}{path}", method=method, data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        text = response.read().decode()
        return json.loads(text) if text else None


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    home = tmp_path_factory.mktemp("jupyter")
    port = _free_port()
    env = {**os.environ, "JUPYTER_CONFIG_DIR": str(home / "config"), "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
           "JUPYTER_DATA_DIR": str(home / "data"), "JUPYTER_PATH": str(Path(sys.prefix) / "share" / "jupyter")}
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyterlab", "--no-browser", "--allow-root", f"--port={port}", "--ip=127.0.0.1",
         f"--ServerApp.token={TOKEN}", f"--ServerApp.root_dir={ROOT / 'notebooks'}", "--ServerApp.port_retries=0"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 90
    while True:
        try:
            _api(port, "/api/status")
            break
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                server.kill()
                pytest.fail(f"JupyterLab did not start: {server.stderr.read().decode()[-2000:]}")
            time.sleep(0.5)
    yield port
    try:
        _api(port, "/api/shutdown", "POST")
        server.wait(timeout=30)
    finally:
        if server.poll() is None:
            server.kill()


def test_server_lists_the_notebooks_and_the_python3_kernel(lab):
    names = {item["name"] for item in _api(lab, "/api/contents")["content"]}
    assert {"01_corpus.ipynb", "02_frames.ipynb", "03_language.ipynb", "04_tone.ipynb"} <= names
    assert "python3" in _api(lab, "/api/kernelspecs")["kernelspecs"]


async def _execute_all(port: int, kernel_id: str, sources: list[str]) -> list[dict]:
    from tornado.websocket import websocket_connect

    socket_ = await websocket_connect(f"ws://127.0.0.1:{port}/api/kernels/{kernel_id}/channels?token={TOKEN}")
    session, replies = uuid.uuid4().hex, []
    try:
        for source in sources:
            msg_id = uuid.uuid4().hex
            socket_.write_message(json.dumps({
                "header": {"msg_id": msg_id, "session": session, "username": "test", "msg_type": "execute_request",
                           "version": "5.3", "date": ""},
                "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
                "content": {"code": source, "silent": False, "store_history": True, "user_expressions": {},
                            "allow_stdin": False, "stop_on_error": True}}))
            while True:
                message = json.loads(await asyncio.wait_for(socket_.read_message(), timeout=120))
                if message["msg_type"] == "execute_reply" and message["parent_header"].get("msg_id") == msg_id:
                    replies.append(message["content"])
                    break
    finally:
        socket_.close()
    return replies


def test_a_notebook_runs_through_the_kernel_api(lab, tmp_path):
    notebook = json.loads((ROOT / "notebooks" / "01_corpus.ipynb").read_text())
    sources = []
    for cell in notebook["cells"]:
        if cell["cell_type"] != "code":
            continue
        source = "".join(cell["source"])
        if "parameters" in cell["metadata"].get("tags", []):
            source += f"\nout_dir = {str(tmp_path)!r}"
        sources.append(source)
    kernel = _api(lab, "/api/kernels", "POST", {"name": "python3"})
    try:
        replies = asyncio.run(_execute_all(lab, kernel["id"], sources))
    finally:
        _api(lab, f"/api/kernels/{kernel['id']}", "DELETE")
    assert [r["status"] for r in replies] == ["ok"] * len(sources), [r for r in replies if r["status"] != "ok"]
    assert (tmp_path / "figures" / "coverage_timeline.png").exists()
    assert (tmp_path / "tables" / "problems.csv").exists()
