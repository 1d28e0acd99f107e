"""Conversation ids for messaging apps that do not say who the patient is.

Twilio names a conversation by the patient's phone number, Telegram by their chat id, Messenger
and Slack by their user ids; Rasa would keep that id in every stored row. Each inbound message
gets a keyed pseudonym instead: `<channel>-<32 hex>`, an HMAC-SHA256 of the address, the same
every time for the same patient (so the conversation continues) and useless without the key.
Only the output channel of that one message keeps the real address, to reply to it.

The key comes from PAINPATH_SENDER_KEY (replicas and containers must share it), or else from the
file PAINPATH_SENDER_KEY_FILE (default var/sender-id.key), created with 32 random bytes and
mode 0600 on first use. A new key starts every messaging conversation afresh.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import os
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.errors import ContentError

KEY_ENV = "PAINPATH_SENDER_KEY"
KEY_FILE_ENV = "PAINPATH_SENDER_KEY_FILE"
DEFAULT_KEY_FILE = "var/sender-id.key"
MIN_KEY_CHARS = 32
DIGEST_CHARS = 32


def sender_key(environ: Mapping[str, str] | None = None) -> bytes:
    """The pseudonym key: from the environment, or from (a newly made) key file."""
    env = os.environ if environ is None else environ
    configured = env.get(KEY_ENV, "").strip()
    if configured:
        if len(configured) < MIN_KEY_CHARS:
            raise ContentError(
                f"${KEY_ENV}",
                KEY_ENV,
                f"use at least {MIN_KEY_CHARS} random characters, e.g. `openssl rand -hex 32`",
            )
        return configured.encode()
    return key_from_file(Path(env.get(KEY_FILE_ENV, DEFAULT_KEY_FILE)))


def key_from_file(path: Path, key_env: str = KEY_ENV) -> bytes:
    """Read the key file, making it first if there is none. The new key is written in full to a
    private temporary file and then linked into place, so replicas starting at the same moment
    never read half a key and all end up with the same one. `key_env` is the variable an error
    suggests setting instead (the staff console's session key uses this too)."""
    if not path.exists():
        spare = path.with_name(f".{path.name}.{os.getpid()}.new")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(spare, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "wb") as file:
                file.write(secrets.token_hex(32).encode() + b"\n")
            os.link(spare, path)
        except FileExistsError:
            pass  # another process made it first: use theirs
        except OSError as error:
            raise ContentError(
                path, "(file)", f"cannot be created ({error.strerror}); set ${key_env} instead"
            ) from error
        finally:
            with contextlib.suppress(OSError):
                spare.unlink()
    return _read_key(path, key_env)


def _read_key(path: Path, key_env: str) -> bytes:
    try:
        key = path.read_bytes().strip()
    except OSError as error:
        raise ContentError(
            path, "(file)", f"cannot be read ({error.strerror}); set ${key_env} instead"
        ) from error
    if len(key) < MIN_KEY_CHARS:
        raise ContentError(
            path, "(file)", f"holds {len(key)} characters; delete it to make a new key"
        )
    return key


@dataclass(frozen=True)
class SenderPseudonyms:
    """Pseudonyms for one channel's addresses."""

    channel: str
    key: bytes

    def for_address(self, address: str) -> str:
        message = f"{self.channel}:{address}".encode()
        digest = hmac.new(self.key, message, hashlib.sha256).hexdigest()[:DIGEST_CHARS]
        return f"{self.channel}-{digest}"

    @classmethod
    def for_channel(
        cls, channel: str, environ: Mapping[str, str] | None = None
    ) -> SenderPseudonyms:
        return cls(channel, sender_key(environ))
