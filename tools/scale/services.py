"""Find the PostgreSQL, Redis and nginx programs the scale-out profile runs, or say how to."""

from __future__ import annotations

import glob
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from bot.errors import PainPathError

INSTALL_HINT = (
    "run `make system-test-deps` (Debian: apt-get install -y postgresql redis-server nginx)"
)


class MissingServiceError(PainPathError):
    """A program the scale-out profile needs is not installed."""


@dataclass(frozen=True)
class ServiceBinaries:
    """Where the programs are: PostgreSQL's bin folder, redis-server and nginx."""

    postgres_bin: Path
    redis_server: Path
    nginx: Path


def _postgres_bin_dir() -> Path | None:
    """PAINPATH_PG_BIN if set, else the newest Debian /usr/lib/postgresql/<version>/bin."""
    configured = os.environ.get("PAINPATH_PG_BIN")
    if configured:
        return Path(configured)
    candidates = sorted(
        glob.glob("/usr/lib/postgresql/*/bin/initdb"),
        key=lambda path: int(Path(path).parts[-3]) if Path(path).parts[-3].isdigit() else 0,
    )
    if candidates:
        return Path(candidates[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def find_service_binaries() -> ServiceBinaries:
    """Locate the three programs; raise naming every missing one and how to install it."""
    pg_bin = _postgres_bin_dir()
    redis = shutil.which("redis-server")
    nginx = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin")
    missing = []
    if pg_bin is None or not (pg_bin / "initdb").exists() or not (pg_bin / "pg_ctl").exists():
        missing.append("PostgreSQL (initdb, pg_ctl; or set PAINPATH_PG_BIN to their folder)")
    if redis is None:
        missing.append("redis-server")
    if nginx is None:
        missing.append("nginx")
    if missing:
        raise MissingServiceError(f"Not installed: {', '.join(missing)}. To fix: {INSTALL_HINT}.")
    assert pg_bin is not None and redis is not None and nginx is not None
    return ServiceBinaries(postgres_bin=pg_bin, redis_server=Path(redis), nginx=Path(nginx))
