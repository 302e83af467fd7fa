"""The articles folder as a sorted list of inputs, each a file to read or a problem to report.

Rules: folders are walked recursively; hidden names and the ignore patterns are skipped
(they are not inputs). Symbolic links are followed, to files and folders inside or outside
the articles folder, but a folder is read once: a link back to a folder already read
(a loop) is reported, as are dangling links, links that loop on themselves and special
files (FIFOs, sockets, devices: reading them could block). A file with an extension that
has no reader is reported too, so that every input ends in `articles` or `rejected_inputs`.
"""

import os
import stat
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from pathlib import Path
from typing import BinaryIO

from pipelines.ingest.draft import Rejected
from pipelines.ingest.options import FORMAT_BY_EXTENSION, IngestOptions, size_problem

SUPPORTED = ".txt, .md, .html, .json or .jsonl"


@dataclass(frozen=True)
class Input:
    source: str  # path relative to the articles folder, POSIX separators
    path: Path
    format: str | None = None
    problem: str | None = None  # set when the input cannot be read; the reason's tail


def _printable(name: str) -> str:
    # A name that is not valid UTF-8 reaches Python with surrogate escapes, which no frame
    # can hold: show its bad bytes as \xNN (the file itself is still read by its real path).
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def _ignored(name: str, options: IngestOptions) -> bool:
    if name.startswith(".") and not options.include_hidden:
        return True
    return any(fnmatchcase(name, pattern) for pattern in options.ignore)


def _special_kind(mode: int) -> str:
    kinds = {stat.S_ISFIFO: "a FIFO", stat.S_ISSOCK: "a socket", stat.S_ISCHR: "a device"}
    kinds |= {stat.S_ISBLK: "a device", stat.S_ISDIR: "a folder"}
    return next((kind for test, kind in kinds.items() if test(mode)), "a special file")


def open_regular(path: Path) -> BinaryIO:
    """The file opened for reading, refused when it is no longer a regular file.

    The scan checked the file when it listed the folder, but it may have been replaced since
    (by a FIFO, whose plain open() would wait for a writer forever): it is opened without
    blocking and checked again on the open file itself."""
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        kind = _special_kind(info.st_mode)
        raise Rejected(
            f"changed while it was read: it is now {kind}, not a regular file: replace it "
            "with a file and run again"
        )
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _file_input(source: str, path: Path, info: os.stat_result, options: IngestOptions) -> Input:
    if not stat.S_ISREG(info.st_mode):
        kind = _special_kind(info.st_mode)
        return Input(source, path, problem=f"not a regular file ({kind}): replace it with a file")
    suffix = path.suffix.lower()
    if suffix not in options.extensions:
        shown = f"extension {suffix}" if suffix else "no file extension"
        return Input(
            source,
            path,
            problem=f"unsupported {shown}: convert it to {SUPPORTED}, or move it out of the folder",
        )
    fmt = FORMAT_BY_EXTENSION[suffix]
    # JSONL is streamed and limited per line; any other file must fit the limit whole.
    if fmt != "jsonl" and info.st_size > options.max_article_bytes:
        problem = size_problem(info.st_size, options.max_article_bytes)
        if fmt == "json":
            problem += "; for many records use .jsonl, which is read line by line"
        return Input(source, path, fmt, problem=problem)
    return Input(source, path, fmt)


def _link_problem(path: Path, error: OSError) -> str:
    target = os.readlink(path) if path.is_symlink() else "?"
    if isinstance(error, FileNotFoundError):
        return f"broken symbolic link to {target} (nothing there): fix the link or remove it"
    return f"cannot follow the symbolic link to {target} ({error.strerror}): fix or remove it"


def discover(root: Path, options: IngestOptions) -> list[Input]:
    """Every input under root, sorted by source."""
    found: list[Input] = []
    _walk(root, "", options, _Visited(os.path.realpath(root)), found)
    return sorted(found, key=lambda item: item.source)


@dataclass
class _Visited:
    root: str
    outside: set[str] = field(default_factory=set)

    def link_problem(self, real: str) -> str | None:
        """Why a link to this folder is not followed, or None to follow it."""
        if real == self.root or real.startswith(self.root + os.sep):
            return "symbolic link to a folder inside the articles folder, read there already"
        if real in self.outside:
            return f"symbolic link to a folder already read ({real})"
        self.outside.add(real)
        return None


def _walk(folder: Path, prefix: str, options: IngestOptions, visited: _Visited, found) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except OSError as error:
        problem = f"cannot list the folder ({error.strerror}): check its permissions"
        found.append(Input(prefix.rstrip("/"), folder, problem=problem))
        return
    for entry in entries:
        if _ignored(entry.name, options):
            continue
        source, path = prefix + _printable(entry.name), Path(entry.path)
        try:
            info = os.stat(path)  # follows links
        except OSError as error:
            found.append(Input(source, path, problem=_link_problem(path, error)))
            continue
        if not stat.S_ISDIR(info.st_mode):
            found.append(_file_input(source, path, info, options))
        elif entry.is_symlink() and (problem := visited.link_problem(os.path.realpath(path))):
            # Links inside the folder or back to a folder already read would loop or repeat.
            found.append(Input(source, path, problem=f"{problem}: remove the link"))
        else:
            _walk(path, source + "/", options, visited, found)
