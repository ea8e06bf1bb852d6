"""Writing files so that a failure never leaves half a file behind."""

from __future__ import annotations

import errno
import os
import tempfile
from pathlib import Path
from typing import Any, Final

from .errors import UserError

__all__ = ["GALLERY_FILES", "THEME_SUFFIXES", "WriteError", "find_theme_files", "theme_files_in", "write_atomic"]


class WriteError(OSError, UserError):
    """A file could not be written (a full disk, no permission, a missing folder).

    Still an :class:`OSError` for callers that catch those, and a
    :class:`~mindmap.errors.UserError` so that the command line reports it as
    ``PATH: cannot write: REASON`` with exit status 1 rather than a traceback.
    """

    def __init__(self, path: Path, exc: OSError) -> None:
        reason = exc.strerror or str(exc) or type(exc).__name__
        OSError.__init__(self, exc.errno, reason, str(path))
        self.message = f"{path}: cannot write: {reason}"

    def lines(self) -> list[str]:
        return [self.message]

    def __str__(self) -> str:
        return self.message

    def __reduce__(self) -> tuple[Any, ...]:
        # Gallery workers send their errors to the parent process by pickling.
        return (_write_error, (self.filename, self.errno, self.strerror))


def _write_error(path: str, number: int | None, reason: str) -> WriteError:
    return WriteError(Path(path), OSError(number, reason))


def write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, then rename it into place.

    Whatever happens (an error, Ctrl-C, a full disk), ``path`` is either the
    old file or the complete new one, and no temporary file is left behind.
    A symbolic link is written through: the file it points to gets the new
    bytes (beside it, then renamed) and the link stays a link.
    An operating-system failure is raised as :class:`WriteError`.
    """
    path = Path(path)
    shown = path  # messages name the path the user gave
    tmp: str | None = None
    try:
        if path.is_symlink():
            path = Path(os.path.realpath(path))
        for folder in (path.parent, *path.parent.parents):
            if folder.exists() and not folder.is_dir():
                raise NotADirectoryError(errno.ENOTDIR, f"{folder} is a file, not a folder")
            if folder.exists():
                break
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
        tmp = None
    except OSError as exc:
        if isinstance(exc, WriteError):
            raise
        raise WriteError(shown, exc) from exc
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass


THEME_SUFFIXES: Final = (".yaml", ".yml", ".json")
# Files a gallery writes beside the maps, which are never maps themselves.
GALLERY_FILES: Final = frozenset({"manifest.json"})


def theme_files_in(folder: Path) -> list[Path]:
    """The theme files directly in ``folder``, sorted by name: ``.yaml``, ``.yml`` or ``.json``,
    not hidden, not a gallery's own ``manifest.json``.  The one way every command finds them."""
    return sorted(
        p
        for p in Path(folder).iterdir()
        if p.suffix.lower() in THEME_SUFFIXES
        and not p.name.startswith(".")
        and p.name not in GALLERY_FILES
        and p.is_file()
    )


def find_theme_files(folder: Path, what: str = "the folder that holds the theme files") -> list[Path]:
    """:func:`theme_files_in`, refusing a folder that does not exist or holds none."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"{folder}: no such folder; give {what}")
    files = theme_files_in(folder)
    if not files:
        raise UserError(f"{folder}: no theme files (.yaml, .yml or .json) in this folder")
    return files
