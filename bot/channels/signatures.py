"""Checks that a webhook request really comes from the messaging platform that claims to send it."""

from __future__ import annotations

import hashlib
import hmac
import time
from collections.abc import Mapping

from twilio.request_validator import RequestValidator

from bot.errors import PainPathError

SLACK_MAX_AGE_SECONDS = 5 * 60


class WebhookSignatureError(PainPathError):
    """A webhook request failed its signature check; answered with 403, reason logged."""

    status_code = 403
    user_message = "Forbidden: the request signature is missing or not valid."

    def __init__(self, log_reason: str) -> None:
        self.log_reason = log_reason
        super().__init__(log_reason)


def _require_secret(secret: str | None, credential: str) -> str:
    if not secret:
        raise WebhookSignatureError(
            f"credentials.yml: '{credential}' is empty, so no request can be verified; "
            "set it to the value from the platform's console"
        )
    return secret


def verify_twilio(
    auth_token: str | None, url: str, params: Mapping[str, object], signature: str | None
) -> None:
    """Twilio signs the public webhook URL plus the sorted POST fields (HMAC-SHA1, base64)."""
    token = _require_secret(auth_token, "auth_token")
    if not signature:
        raise WebhookSignatureError("X-Twilio-Signature header is missing")
    if not RequestValidator(token).validate(url, params, signature):
        raise WebhookSignatureError(
            f"X-Twilio-Signature does not match for URL {url}; check auth_token and that "
            "webhook_url is exactly the URL set in the Twilio console"
        )


def verify_meta(
    app_secret: str | None, body: bytes, sha256_header: str | None, sha1_header: str | None
) -> None:
    """Meta signs the raw body with the app secret: X-Hub-Signature-256, or the older SHA-1 one."""
    secret = _require_secret(app_secret, "secret").encode("utf-8")
    header, algorithm = (
        (sha256_header, hashlib.sha256) if sha256_header else (sha1_header, hashlib.sha1)
    )
    if not header:
        raise WebhookSignatureError("X-Hub-Signature-256 and X-Hub-Signature headers are missing")
    expected_prefix = "sha256=" if algorithm is hashlib.sha256 else "sha1="
    if not header.startswith(expected_prefix):
        raise WebhookSignatureError(f"signature header does not start with '{expected_prefix}'")
    expected = hmac.new(secret, body, algorithm).hexdigest()
    if not hmac.compare_digest(expected, header[len(expected_prefix) :]):
        raise WebhookSignatureError("X-Hub-Signature does not match; check the app 'secret'")


def verify_slack(
    signing_secret: str | None,
    body: bytes,
    timestamp: str | None,
    signature: str | None,
    now: float | None = None,
) -> None:
    """Slack signs 'v0:<timestamp>:<body>'; requests older than 5 minutes may be replays."""
    secret = _require_secret(signing_secret, "slack_signing_secret").encode("utf-8")
    if not timestamp or not signature:
        raise WebhookSignatureError("X-Slack-Request-Timestamp or X-Slack-Signature is missing")
    try:
        sent_at = int(timestamp)
    except ValueError:
        raise WebhookSignatureError(
            f"X-Slack-Request-Timestamp is not a number: {timestamp!r}"
        ) from None
    age = abs((time.time() if now is None else now) - sent_at)
    if age > SLACK_MAX_AGE_SECONDS:
        raise WebhookSignatureError(
            f"request timestamp is {int(age)} s off (limit 300 s): possible replay"
        )
    basestring = b"v0:" + timestamp.encode("ascii") + b":" + body
    expected = "v0=" + hmac.new(secret, basestring, hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, signature):
        raise WebhookSignatureError("X-Slack-Signature does not match; check slack_signing_secret")


def verify_telegram(secret_token: str | None, header: str | None) -> None:
    """Telegram echoes the secret_token given to setWebhook in X-Telegram-Bot-Api-Secret-Token."""
    secret = _require_secret(secret_token, "secret_token")
    if not header:
        raise WebhookSignatureError("X-Telegram-Bot-Api-Secret-Token header is missing")
    if not hmac.compare_digest(secret.encode("utf-8"), header.encode("utf-8")):
        raise WebhookSignatureError("X-Telegram-Bot-Api-Secret-Token does not match secret_token")
