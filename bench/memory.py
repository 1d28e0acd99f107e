"""Resident memory of the servers we started, children included, read from /proc (Linux only)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

PROC = Path("/proc")


def parse_vmrss_kib(status_text: str) -> int:
    """VmRSS from a /proc/<pid>/status text, in KiB (0 for a zombie, which has no VmRSS line)."""
    for line in status_text.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def parse_parent_pid(stat_text: str) -> int:
    """The parent pid from a /proc/<pid>/stat line (the command name may hold spaces or ')')."""
    after_name = stat_text.rsplit(")", 1)[1].split()
    return int(after_name[1])


def descendants(root: int, parent_of: Mapping[int, int]) -> list[int]:
    """root and every process below it, from a pid -> parent pid map."""
    children: dict[int, list[int]] = {}
    for pid, parent in parent_of.items():
        children.setdefault(parent, []).append(pid)
    found, pending = [], [root]
    while pending:
        pid = pending.pop()
        found.append(pid)
        pending.extend(children.get(pid, []))
    return found


def _read(path: Path) -> str | None:
    try:
        return path.read_text()
    except OSError:  # the process ended between listing and reading
        return None


def parent_map() -> dict[int, int]:
    """pid -> parent pid for every process visible now."""
    parents = {}
    for entry in PROC.iterdir():
        if entry.name.isdigit():
            stat = _read(entry / "stat")
            if stat:
                parents[int(entry.name)] = parse_parent_pid(stat)
    return parents


@dataclass(frozen=True)
class MemorySample:
    """RSS of one server: all its processes together, and the largest single process."""

    total_mb: float
    largest_process_mb: float
    processes: int


def sample_rss(root_pid: int) -> MemorySample:
    """Current RSS of root_pid and its children (Sanic workers are children of the server)."""
    pids = descendants(root_pid, parent_map())
    sizes = [parse_vmrss_kib(text) / 1024 for text in _statuses(pids)]
    return MemorySample(round(sum(sizes), 1), round(max(sizes, default=0.0), 1), len(sizes))


def _statuses(pids: Iterable[int]) -> list[str]:
    texts = (_read(PROC / str(pid) / "status") for pid in pids)
    return [text for text in texts if text is not None]
