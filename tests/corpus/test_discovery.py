"""Special files, links, unreadable and deep folders: reported, never followed outside, never hanging."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from frresearch import CorpusError, load_corpus
from frresearch.corpus import _discovery

ARTICLE = ("---\ntitle: {title}\nwebUrl: https://www.reuters.com/2023/{slug}\nprovider: {{name: Reuters, domain: reuters.com}}\n"
           "---\nBody of {title}.\n")


def _article(folder: Path, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(ARTICLE.format(title=name, slug=name.replace(".", "-")))
    return path


def _reason(corpus, source: str) -> str:
    rows = corpus.problems[corpus.problems["source"] == source]
    assert len(rows) == 1, corpus.problems
    return rows.iloc[0]["severity"] + ": " + rows.iloc[0]["reason"]


def test_fifo_and_device_links_are_not_read(tmp_path):
    _article(tmp_path, "ok.txt")
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    corpus = load_corpus(tmp_path, max_file_bytes=1000)  # a read of the pipe would block, of /dev/zero never end
    assert len(corpus.articles) == 1
    assert _reason(corpus, "pipe.txt") == "error: a named pipe (FIFO), not a regular file; not read"
    assert "error: link to a file or folder outside the corpus folder" in _reason(corpus, "zero.txt")
    statuses = corpus.documents.set_index("source")["status"]
    assert statuses["pipe.txt"] == statuses["zero.txt"] == "error"


def test_a_fifo_named_explicitly_is_refused_without_blocking(tmp_path):
    _article(tmp_path, "ok.txt")
    os.mkfifo(tmp_path / "pipe.csv")
    corpus = load_corpus([tmp_path / "ok.txt", tmp_path / "pipe.csv"])
    assert _reason(corpus, "pipe.csv") == "error: file is a named pipe (FIFO), not a regular file; not read"


def test_link_loops_and_broken_links_are_problems(tmp_path):
    _article(tmp_path, "ok.txt")
    (tmp_path / "loop_a.txt").symlink_to(tmp_path / "loop_b.txt")
    (tmp_path / "loop_b.txt").symlink_to(tmp_path / "loop_a.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "up").symlink_to(tmp_path)  # a folder link back to the root is not walked
    corpus = load_corpus(tmp_path)
    assert len(corpus.articles) == 1
    assert "it loops or its target is missing" in _reason(corpus, "loop_a.txt")
    assert _reason(corpus, "sub/up").startswith("warning: link to a folder inside the corpus; not followed")


def test_an_unreadable_subfolder_is_a_problem_row(tmp_path, monkeypatch):
    _article(tmp_path, "ok.txt")
    _article(tmp_path / "locked", "inside.txt")
    real_scandir = os.scandir

    def scandir(path):
        if Path(path).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(_discovery.os, "scandir", scandir)
    corpus = load_corpus(tmp_path)
    assert _reason(corpus, "locked") == ("error: folder cannot be read (Permission denied); the files in it are "
                                         "not loaded")


def _load_as_nobody(corpus_dir: Path, results) -> None:
    try:
        os.setgroups([])
        os.setgid(65534)
        os.setuid(65534)
        corpus = load_corpus(corpus_dir)
        results.put(corpus.problems[["source", "severity", "reason"]].values.tolist())
    except Exception as exc:  # noqa: BLE001 - reported to the test
        results.put(repr(exc))


@pytest.mark.skipif(os.geteuid() != 0, reason="needs root, to drop to the user nobody")
def test_an_unreadable_subfolder_as_another_user():
    import multiprocessing
    import shutil
    import tempfile

    corpus_dir = Path(tempfile.mkdtemp(prefix="frresearch-nobody-"))  # pytest's tmp_path is root's alone
    try:
        corpus_dir.chmod(0o755)
        _article(corpus_dir, "ok.txt")
        _article(corpus_dir / "locked", "inside.txt")
        os.chmod(corpus_dir / "locked", 0o700)  # root's; nobody may not list it
        context = multiprocessing.get_context("fork")
        results = context.Queue()
        child = context.Process(target=_load_as_nobody, args=(corpus_dir, results))
        child.start()
        problems = results.get(timeout=60)
        child.join(10)
    finally:
        shutil.rmtree(corpus_dir)
    assert problems == [["locked", "error", "folder cannot be read (Permission denied); the files in it are not "
                                           "loaded"]]


def test_folders_nested_a_thousand_deep(tmp_path):
    folders = [tmp_path / "d"]
    for _ in range(999):
        folders.append(folders[-1] / "d")
    try:
        for folder in folders:
            folder.mkdir()
        _article(folders[-1], "deep.txt")
        _article(tmp_path, "top.txt")
        corpus = load_corpus(tmp_path)
        assert len(corpus.articles) == 2
    finally:  # shutil.rmtree, which pytest cleans up with, recurses and would fail
        (folders[-1] / "deep.txt").unlink(missing_ok=True)
        for folder in reversed(folders):
            if folder.exists():
                folder.rmdir()


def test_non_utf8_file_names_are_shown_escaped(tmp_path):
    _article(tmp_path, "ok.txt")
    name = "新闻".encode("gbk") + b".txt"
    with open(os.path.join(os.fsencode(tmp_path), name), "w") as handle:
        handle.write(ARTICLE.format(title="gbk", slug="gbk"))
    corpus = load_corpus(tmp_path)
    shown = "\\xd0\\xc2\\xce\\xc5.txt"
    assert shown in set(corpus.articles["source"])
    assert _reason(corpus, shown) == "warning: file name is not valid UTF-8; shown with \\x escapes"
    corpus.problems.to_csv(tmp_path.parent / "problems.csv")  # writable as UTF-8


@pytest.mark.parametrize("source", ["", "  ", [""]])
def test_an_empty_source_is_an_error_not_the_current_folder(source):
    with pytest.raises(CorpusError, match="empty path"):
        load_corpus(source)
