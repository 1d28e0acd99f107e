"""The one place that assembles PainPath's Rasa server, whichever way it is started.

`install()` makes every Rasa server in this process behave as PainPath documents, whatever
channels credentials.yml names (ours, Rasa's own `rest:`/`socketio:`, or the `cmdline` channel of
`rasa shell`):

- log redaction: every log record is redacted when it is created (bot/privacy/log_filter.py);
- the speed fix for action-server replies (bot/speed/);
- the guarded action endpoint: each agent Rasa builds gets it from the start, so calls to the
  action server time out after a few seconds, reuse their connections and report a failure to
  the turn (bot/resilience/action_endpoint.py). A model reloaded through the API is a new agent
  and gets it too.

Where it is called: Rasa 3.6 has no public start-up hook outside Rasa Pro (its plugin manager
loads only `rasa_plus`). What every path (`rasa run`, `rasa shell`, `make run`, the scale-out
replicas) does build is the tracker store named in endpoints.yml, and it builds it before the
agent. So PainPath's tracker store (bot/privacy/tracker_store.py), which every shipped endpoints
file names, calls `install()` first thing; it is needed there anyway, since it redacts what is
stored. tests/bot/test_server.py runs one turn through each path.

The speed fix and the endpoint replace Rasa internals that only Rasa 3.6 is known to have, so
`install()` refuses any other Rasa with a clear error instead of changing code it does not know.
"""

from __future__ import annotations

import functools
import logging
from typing import Any

import rasa
from rasa.core.actions.action import RemoteAction
from rasa.core.agent import Agent
from sanic import Blueprint, Sanic

from bot.errors import PainPathError
from bot.resilience.action_endpoint import GuardedActionEndpoint

logger = logging.getLogger(__name__)

SUPPORTED_RASA = "3.6."
# What the patches below replace or rely on; checked before anything is changed.
RASA_INTERNALS = (
    (RemoteAction, "_validate_action_result"),
    (RemoteAction, "action_response_format_spec"),
)

GUARDED_MARK = "_painpath_guards_actions"


class UnsupportedRasaError(PainPathError):
    """The installed Rasa is not the one PainPath's server set-up was written and tested for.

    Not an ImportError or AttributeError on purpose: Rasa swallows those when it builds a custom
    tracker store and quietly falls back to an in-memory one."""


def check_rasa(version: str | None = None) -> None:
    """Raise UnsupportedRasaError unless this is Rasa 3.6.x with the internals PainPath patches."""
    version = rasa.__version__ if version is None else version
    if not version.startswith(SUPPORTED_RASA):
        raise UnsupportedRasaError(
            f"PainPath's server set-up (bot/server.py) supports Rasa {SUPPORTED_RASA}x only, "
            f"found Rasa {version}: install the pinned version (`make install`), or review "
            "bot/speed/ and bot/resilience/action_endpoint.py against the new Rasa first"
        )
    for owner, name in RASA_INTERNALS:
        if not hasattr(owner, name):
            raise UnsupportedRasaError(
                f"Rasa {version} has no {owner.__name__}.{name}, which bot/speed/ relies on: "
                "review bot/speed/ against this Rasa"
            )


def install() -> None:
    """Set up this process's Rasa server: checks, log redaction, speed fix, guarded endpoint.

    Each part is idempotent, so calling this again is cheap and changes nothing."""
    check_rasa()
    # Imported after the check: on an unknown Rasa, importing bot.speed itself could fail.
    from bot import speed
    from bot.privacy import log_filter

    log_filter.install()
    speed.install()
    if not is_installed():
        _guard_every_agent()
        logger.info("PainPath server set-up installed (Rasa %s)", rasa.__version__)


def is_installed() -> bool:
    """Whether agents built in this process get the guarded action endpoint (install() ran)."""
    return getattr(Agent.__init__, GUARDED_MARK, False)


def _guard_every_agent() -> None:
    """Every Agent built from now on has the guarded action endpoint from the start."""
    build_agent = Agent.__init__

    @functools.wraps(build_agent)
    def build_guarded_agent(agent: Agent, *args: Any, **kwargs: Any) -> None:
        build_agent(agent, *args, **kwargs)
        guard_action_endpoint(agent)

    setattr(build_guarded_agent, GUARDED_MARK, True)
    Agent.__init__ = build_guarded_agent  # type: ignore[method-assign]


def close_action_session_on_stop(blueprint: Blueprint) -> None:
    """Close the guarded endpoint's kept connections when the server stops (else Python warns of
    an unclosed socket at exit). Only a blueprint's listener sees the running app, so PainPath's
    channels attach this; with Rasa's own channels only that warning remains."""

    @blueprint.listener("before_server_stop")
    async def close_action_session(app: Sanic, _loop: Any) -> None:
        endpoint = getattr(getattr(app.ctx, "agent", None), "action_endpoint", None)
        if isinstance(endpoint, GuardedActionEndpoint):
            await endpoint.close()


def guard_action_endpoint(agent: Any) -> None:
    """Give the agent (and its processor, if it has one already) the guarded action endpoint."""
    endpoint = getattr(agent, "action_endpoint", None)
    if endpoint is None:
        return
    if not isinstance(endpoint, GuardedActionEndpoint):
        endpoint = GuardedActionEndpoint.wrap(endpoint)
        agent.action_endpoint = endpoint
        logger.info("Action server calls time out after %g s", endpoint.timeout_seconds)
    processor = getattr(agent, "processor", None)
    if processor is not None and processor.action_endpoint is not endpoint:
        processor.action_endpoint = endpoint
