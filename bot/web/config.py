"""Settings of the widget server, read from the environment (README.md, "Channels")."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from bot.clinic.file_source import load_clinic_file
from bot.environment import ENVIRONMENT, allowed_origins
from bot.errors import ContentError, PainPathError
from bot.paths import DEFAULT_CLINIC_FILE, NODE_MODULES_DIR


class WebConfigError(ContentError):
    """An environment variable for the widget server has a value it cannot use."""


@dataclass(frozen=True)
class WebConfig:
    """Where to listen, which Rasa server the widget talks to, which origins may call us."""

    host: str = "0.0.0.0"
    port: int = 8000
    rasa_public_url: str = "http://localhost:5005"
    allowed_origins: tuple[str, ...] = ()
    clinic_name: str = "Your clinic"
    # The demo page's contact line, from the clinic file (empty: "call the clinic").
    clinic_phone: str = ""
    clinic_address: str = ""
    widget_primary_color: str = "#143d2b"
    widget_greeting: str = (
        "Hi! I can answer questions about pain care and your visit. What would you like to know?"
    )
    node_modules_dir: Path = NODE_MODULES_DIR

    @property
    def widget_title(self) -> str:
        return f"{self.clinic_name} assistant"

    @property
    def contact_line(self) -> str:
        """What the demo page says under "Contact us", in plain text."""
        parts = [f"Phone: {self.clinic_phone}." if self.clinic_phone else "Call the clinic."]
        if self.clinic_address:
            parts.append(f"Main location: {self.clinic_address}.")
        return " ".join(parts)

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> WebConfig:
        """Build from WEB_HOST, WEB_PORT, RASA_PUBLIC_URL and PAINPATH_ALLOWED_ORIGINS."""
        raw_port = env.get("WEB_PORT", str(cls.port))
        if not raw_port.isdigit() or not 0 < int(raw_port) < 65536:
            raise WebConfigError(
                ENVIRONMENT, "WEB_PORT", f"give a port from 1 to 65535; got {raw_port!r}"
            )
        return cls(
            **clinic_contact_from(env),
            host=env.get("WEB_HOST", cls.host),
            port=int(raw_port),
            rasa_public_url=env.get("RASA_PUBLIC_URL", cls.rasa_public_url).rstrip("/"),
            allowed_origins=allowed_origins(env, WebConfigError),
        )


def clinic_contact_from(env: Mapping[str, str]) -> dict[str, str]:
    """The demo page shows the clinic the bot answers for: the name, main phone and main
    location in PAINPATH_CLINIC_FILE (with clinic data from an API, the defaults)."""
    if env.get("PAINPATH_CLINIC_URL"):
        return {}
    try:
        clinic = load_clinic_file(env.get("PAINPATH_CLINIC_FILE") or DEFAULT_CLINIC_FILE)
    except PainPathError:
        return {}  # the launcher's start-up check reports the file's errors
    return {
        "clinic_name": clinic.name,
        "clinic_phone": clinic.phone,
        "clinic_address": clinic.locations[0].address,
    }
