"""Run an external converter (antiword, catdoc) on a file's bytes, safely.

The bytes are written to a private temporary folder (mode 0700, removed afterwards, whatever
happens) under a fixed name, never a name taken from the file or an archive; the program runs
without a shell, with no input, in its own process group, and is killed with its children
when it takes more than SECONDS (LAWSCORE_CONVERT_SECONDS changes it). A program that is not
installed is a ConverterMissing naming the Debian package that brings it: the file is listed
with that reason and the batch goes on.
"""
from __future__ import annotations

import math
import os
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass

from ..errors import ReportError

SECONDS = 60.0
MAX_OUTPUT = 64 * 1024 * 1024


class ConverterMissing(ReportError):
    """No program that converts this format is installed."""


@dataclass(frozen=True)
class Program:
    """A converter: the command (the input file's path is appended) and its Debian package."""

    args: tuple[str, ...]
    package: str
    output: str | None = None  # the file it writes in its folder (from "input"), when not stdout


def seconds() -> float:
    """The time limit per conversion: SECONDS, or a finite positive LAWSCORE_CONVERT_SECONDS."""
    try:
        value = float(os.environ.get("LAWSCORE_CONVERT_SECONDS", SECONDS))
    except ValueError:
        return SECONDS
    return max(1.0, value) if math.isfinite(value) else SECONDS


def installed(programs: tuple[Program, ...]) -> list[Program]:
    """Those of `programs` that are on PATH, in the order given."""
    return [p for p in programs if shutil.which(p.args[0])]


def missing(kind: str, programs: tuple[Program, ...], advice: str) -> ConverterMissing:
    """The reason to give when none of `programs` is installed: the Debian packages, and `advice`."""
    packages = " 或 ".join(dict.fromkeys(p.package for p in programs))
    return ConverterMissing(f"无法读取{kind}: 未安装转换程序; 请安装: apt-get install {packages}; 或{advice}")


def run(program: Program, data: bytes, suffix: str) -> bytes:
    """What `program` makes of `data` saved as a file with `suffix` (its stdout, or the file it
    writes); ReportError on failure."""
    limit = seconds()
    with tempfile.TemporaryDirectory(prefix="lawscore-convert-") as folder:
        source = os.path.join(folder, "input" + suffix)
        with open(source, "xb") as f:
            f.write(data)
        env = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": folder, "TMPDIR": folder,
               "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8"}
        try:
            proc = subprocess.Popen([*program.args, source], cwd=folder, env=env, stdin=subprocess.DEVNULL,
                                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
        except OSError as exc:
            raise ReportError(f"无法提取文字: {program.args[0]} 无法运行({exc.strerror or exc})") from None
        try:
            out, err = proc.communicate(timeout=limit)
        except subprocess.TimeoutExpired:
            _kill(proc)
            raise ReportError(f"无法提取文字: {program.args[0]} 转换超时(超过{limit:g}秒)") from None
        finally:
            _kill(proc)
        if proc.returncode == 0 and program.output is not None:
            written = os.path.join(folder, program.output)
            out = b""
            if os.path.isfile(written):
                with open(written, "rb") as f:
                    out = f.read(MAX_OUTPUT)
    if proc.returncode != 0 or not out.strip():
        lines = err.decode("utf-8", "replace").strip().splitlines()
        why = lines[-1].replace(source, "文件")[:200] if lines else f"退出状态 {proc.returncode}"
        raise ReportError(f"无法提取文字: {program.args[0]} 无法转换这个文件({why})")
    return out[:MAX_OUTPUT]


def _kill(proc: subprocess.Popen) -> None:
    """End the program and anything it started (it leads its own process group)."""
    if proc.poll() is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:  # pragma: no cover - it ended just now
            pass
        proc.communicate()
