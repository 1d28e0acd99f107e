"""Start the scale-out profile once: PostgreSQL, Redis, nginx, 2 Rasa replicas, 2 action servers."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator

import httpx
import psycopg2
import pytest

from bot.paths import MODEL_FILE, REPO_ROOT
from bot.processes import free_port
from tools.scale import MissingServiceError, ScaleSettings, ScaleStack, find_service_binaries
from tools.scale.redis_server import ThrowawayRedis

ARTIFACTS = REPO_ROOT / "tests" / "scale" / "artifacts"


def _unavailable(reason: str) -> None:
    """Under CI=true a missing service is a failure; elsewhere the tests skip saying why."""
    if os.environ.get("CI") == "true":
        pytest.fail(reason)
    pytest.skip(reason)


class Conversations:
    """Talk to one replica or to nginx over REST, and read back what PostgreSQL stored."""

    def __init__(self, stack: ScaleStack) -> None:
        self.stack = stack

    @staticmethod
    def say(base_url: str, sender: str, text: str) -> str:
        """Send one patient turn; return every text bubble of the reply, joined."""
        response = httpx.post(
            f"{base_url}/webhooks/rest/webhook",
            json={"sender": sender, "message": text},
            timeout=60,
        )
        response.raise_for_status()
        return "\n".join(message.get("text", "") for message in response.json())

    def stored_user_texts(self, sender: str) -> list[str]:
        """The patient's turns as the events table holds them, in stored order."""
        login = self.stack.postgres.login
        connection = psycopg2.connect(
            host=login.host,
            port=login.port,
            dbname=login.database,
            user=login.user,
            password=login.password,
        )
        try:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT data FROM events WHERE sender_id = %s AND type_name = 'user' "
                    "ORDER BY id",
                    (sender,),
                )
                return [json.loads(row[0])["text"] for row in cursor.fetchall()]
        finally:
            connection.close()


@pytest.fixture(scope="session")
def scale_stack() -> Iterator[ScaleStack]:
    """The whole scale-out profile on loopback ports, shared by the scale tests."""
    try:
        find_service_binaries()
    except MissingServiceError as error:
        _unavailable(str(error))
    if not MODEL_FILE.exists():
        _unavailable(f"No trained model at {MODEL_FILE}: run `make train` first.")
    settings = ScaleSettings(
        rasa_port=free_port(),
        web_port=free_port(),
        with_web=False,
        endpoints=os.environ.get("PAINPATH_SCALE_ENDPOINTS", ScaleSettings.endpoints),
    )
    stack = ScaleStack(settings, log_dir=ARTIFACTS)
    try:
        stack.start()
        stack.wait_until_ready(timeout=420)
        yield stack
    finally:
        stack.stop()


@pytest.fixture
def stack(scale_stack: ScaleStack) -> ScaleStack:
    """The shared stack with every replica up (a failover test may have stopped one)."""
    for index in range(len(scale_stack.replica_ports)):
        scale_stack.start_replica(index)
    return scale_stack


@pytest.fixture
def sender(request: pytest.FixtureRequest) -> str:
    """A conversation id of its own per test, named after it for the logs."""
    return f"scale-{request.node.name[:40]}-{os.urandom(3).hex()}"


@pytest.fixture
def conversations(stack: ScaleStack) -> Conversations:
    return Conversations(stack)


@pytest.fixture(scope="session")
def redis_port() -> Iterator[int]:
    """A throwaway Redis of its own, for tests of the Redis-backed parts alone."""
    try:
        binaries = find_service_binaries()
    except MissingServiceError as error:
        _unavailable(str(error))
    redis = ThrowawayRedis(binaries.redis_server, free_port())
    redis.start()
    try:
        redis.wait_until_ready()
        yield redis.port
    finally:
        redis.stop()
