"""Rasa's Redis lock store with atomic ticket bookkeeping, so replicas never share a ticket.

Rasa 3.6's RedisLockStore issues a ticket by GET, change, SET: two replicas receiving turns of
one conversation at the same moment (a double tap, a channel retrying its webhook) can both get
ticket 0, both process, and one turn is lost from the stored conversation. A short Redis mutex
(SET NX with expiry) around each read-change-write makes them take turns. Configure in
endpoints.scale.yml: `type: bot.scale.lock_store.AtomicRedisLockStore` with RedisLockStore's keys.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

# Longest a crashed replica can hold the bookkeeping mutex; the work inside takes milliseconds.
MUTEX_SECONDS = 5.0


class AtomicRedisLockStore(RedisLockStore):
    """RedisLockStore whose issue/update/cleanup of tickets run one replica at a time."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: object) -> None:
        """Rasa builds custom lock stores from the endpoint config; map it as for `type: redis`."""
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)  # type: ignore[arg-type]

    @contextmanager
    def _bookkeeping(self, conversation_id: str) -> Iterator[None]:
        mutex = self.red.lock(
            f"{self.key_prefix}{conversation_id}:bookkeeping",
            timeout=MUTEX_SECONDS,
            blocking_timeout=MUTEX_SECONDS,
        )
        with mutex:
            yield

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        with self._bookkeeping(conversation_id):
            return super().issue_ticket(conversation_id, lock_lifetime)

    def update_lock(self, conversation_id: str) -> None:
        with self._bookkeeping(conversation_id):
            super().update_lock(conversation_id)

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        with self._bookkeeping(conversation_id):
            super().cleanup(conversation_id, ticket_number)
