"""Where the messaging platforms' APIs are and how patiently PainPath calls them (environment).

Every outbound call (a reply, Telegram's webhook registration) is bounded by a timeout and
retried with exponential backoff on transient failures. The API base URLs can be changed so
that tests (and a proxy, if a clinic needs one) can stand in for the real platforms.
"""

from __future__ import annotations

import os
import random
import re
from collections.abc import Mapping
from dataclasses import dataclass

from bot.environment import ENVIRONMENT, positive_number
from bot.errors import ContentError

# The Graph API version replies are sent with. Meta retires each version about two years after
# the next one comes out (v2.12, which Rasa's connector uses, was retired in 2020).
DEFAULT_GRAPH_API_VERSION = "v26.0"
GRAPH_API_VERSION = re.compile(r"^v[0-9]{1,3}\.[0-9]{1,2}$")
# Longest wait between two tries of one call: a longer Retry-After means "give up for now".
MAX_BACKOFF_SECONDS = 30.0
# Longest pause between two tries of a start-up registration (Telegram's setWebhook).
MAX_REGISTRATION_PAUSE_SECONDS = 300.0


@dataclass(frozen=True)
class RetryPolicy:
    """How one platform call is tried: `attempts` tries, each cut off after `timeout_seconds`,
    the n-th retry after about `first_backoff_seconds * 2**(n-1)` (jittered)."""

    attempts: int = 4
    timeout_seconds: float = 10.0
    first_backoff_seconds: float = 1.0

    def backoff(self, failed_attempt: int, retry_after: float | None = None) -> float:
        """Seconds to wait after the given failed attempt (1-based), honouring Retry-After."""
        ceiling = min(MAX_BACKOFF_SECONDS, self.first_backoff_seconds * 2 ** (failed_attempt - 1))
        jittered = random.uniform(ceiling / 2, ceiling)  # noqa: S311 - jitter, not a secret
        return max(jittered, retry_after or 0.0)


@dataclass(frozen=True)
class PlatformSettings:
    """API base URLs (no trailing slash), the Graph API version and the retry policy."""

    graph_api_url: str = "https://graph.facebook.com"
    graph_api_version: str = DEFAULT_GRAPH_API_VERSION
    telegram_api_url: str = "https://api.telegram.org"
    slack_api_url: str = "https://slack.com/api"
    twilio_api_url: str = "https://api.twilio.com"
    retry: RetryPolicy = RetryPolicy()
    # First pause before registering a webhook again (doubling up to MAX_REGISTRATION_PAUSE).
    registration_retry_seconds: float = 5.0

    @classmethod
    def from_env(cls, environ: Mapping[str, str] | None = None) -> PlatformSettings:
        """PAINPATH_*_API_URL, PAINPATH_GRAPH_API_VERSION and PAINPATH_PLATFORM_* (README)."""
        env = os.environ if environ is None else environ
        defaults = cls()
        version = env.get("PAINPATH_GRAPH_API_VERSION", "").strip() or defaults.graph_api_version
        if not GRAPH_API_VERSION.match(version):
            fix = f"write it like {DEFAULT_GRAPH_API_VERSION}; got {version!r}"
            raise ContentError(ENVIRONMENT, "PAINPATH_GRAPH_API_VERSION", fix)
        retry = RetryPolicy(
            attempts=max(1, int(positive_number(env, "PAINPATH_PLATFORM_ATTEMPTS", 4))),
            timeout_seconds=positive_number(
                env, "PAINPATH_PLATFORM_TIMEOUT_SECONDS", RetryPolicy.timeout_seconds
            ),
            first_backoff_seconds=positive_number(
                env, "PAINPATH_PLATFORM_BACKOFF_SECONDS", RetryPolicy.first_backoff_seconds
            ),
        )
        return cls(
            graph_api_url=_base_url(env, "PAINPATH_GRAPH_API_URL", defaults.graph_api_url),
            graph_api_version=version,
            telegram_api_url=_base_url(env, "PAINPATH_TELEGRAM_API_URL", defaults.telegram_api_url),
            slack_api_url=_base_url(env, "PAINPATH_SLACK_API_URL", defaults.slack_api_url),
            twilio_api_url=_base_url(env, "PAINPATH_TWILIO_API_URL", defaults.twilio_api_url),
            retry=retry,
            registration_retry_seconds=positive_number(
                env, "PAINPATH_REGISTRATION_RETRY_SECONDS", defaults.registration_retry_seconds
            ),
        )


def _base_url(env: Mapping[str, str], name: str, default: str) -> str:
    raw = env.get(name, "").strip()
    if not raw:
        return default
    if not raw.startswith(("https://", "http://")):
        raise ContentError(ENVIRONMENT, name, f"give an http(s):// URL; got {raw!r}")
    return raw.rstrip("/")
