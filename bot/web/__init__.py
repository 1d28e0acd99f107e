"""Website chat widget server: `create_app(WebConfig.from_env())` or `python -m bot.web`."""

from bot.web.app import create_app
from bot.web.config import WebConfig

__all__ = ["WebConfig", "create_app"]
