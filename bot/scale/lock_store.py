"""Rasa's Redis lock store with each ticket change done atomically inside Redis.

Rasa 3.6's RedisLockStore issues a ticket by GET, change, SET: two replicas receiving turns of
one conversation at the same moment (a double tap, a channel retrying its webhook) can both get
ticket 0, both process, and one turn is lost from the stored conversation. Here each
read-change-write is one Lua script, which Redis runs alone, so replicas take turns; it is also
one round trip where Rasa needs three (and a mutex around them needed four more), on the server's
event loop, for every message. The lock keeps Rasa's format, so Rasa's own reads (`get_lock`)
and any replica still on RedisLockStore understand it. Configure in endpoints.scale.yml:
`type: bot.scale.lock_store.AtomicRedisLockStore` with RedisLockStore's keys.
"""

from __future__ import annotations

import time

from rasa.core.lock_store import LOCK_LIFETIME, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

# TicketLock.dumps() as Rasa writes it: {"conversation_id": id, "tickets": ["<ticket json>", ...]}
# where each ticket is {"number": n, "expires": unix seconds}; a ticket has expired once
# expires < now. (An empty list comes out of cjson as {}, which Rasa reads as no tickets.)
_HELPERS = """
local function tickets_left(raw, now, served_number)
  local kept = {}
  if not raw then return kept end
  for _, serialised in ipairs(cjson.decode(raw)["tickets"] or {}) do
    local ticket = cjson.decode(serialised)
    local expired = now ~= nil and ticket["expires"] < now
    if not expired and ticket["number"] ~= served_number then
      table.insert(kept, serialised)
    end
  end
  return kept
end
local function write(key, conversation_id, kept)
  redis.call("SET", key, cjson.encode({conversation_id = conversation_id, tickets = kept}))
end
"""

# KEYS[1] lock key; ARGV: conversation id, now, lifetime. Rasa's issue_ticket: drop expired
# tickets, then add one numbered after the last (0 when none). Returns its number.
ISSUE_TICKET = (
    _HELPERS
    + """
local now = tonumber(ARGV[2])
local kept = tickets_left(redis.call("GET", KEYS[1]), now, nil)
local number = 0
if #kept > 0 then number = cjson.decode(kept[#kept])["number"] + 1 end
table.insert(kept, cjson.encode({number = number, expires = now + tonumber(ARGV[3])}))
write(KEYS[1], ARGV[1], kept)
return number
"""
)

# KEYS[1] lock key; ARGV: conversation id, now. Rasa's update_lock: drop expired tickets.
DROP_EXPIRED = (
    _HELPERS
    + """
local raw = redis.call("GET", KEYS[1])
if raw then write(KEYS[1], ARGV[1], tickets_left(raw, tonumber(ARGV[2]), nil)) end
return 0
"""
)

# KEYS[1] lock key; ARGV: conversation id, ticket number. Rasa's cleanup: the ticket is served,
# and the lock is deleted when no other ticket waits.
FINISH_TICKET = (
    _HELPERS
    + """
local raw = redis.call("GET", KEYS[1])
if not raw then return 0 end
local kept = tickets_left(raw, nil, tonumber(ARGV[2]))
if #kept == 0 then redis.call("DEL", KEYS[1]) else write(KEYS[1], ARGV[1], kept) end
return 0
"""
)


class AtomicRedisLockStore(RedisLockStore):
    """RedisLockStore whose issue/update/cleanup of tickets are single atomic Lua scripts."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **kwargs: object) -> None:
        """Rasa builds custom lock stores from the endpoint config; map it as for `type: redis`."""
        if endpoint_config is not None:
            kwargs = {"host": endpoint_config.url, **endpoint_config.kwargs, **kwargs}
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._issue_ticket = self.red.register_script(ISSUE_TICKET)
        self._drop_expired = self.red.register_script(DROP_EXPIRED)
        self._finish_ticket = self.red.register_script(FINISH_TICKET)

    def _key(self, conversation_id: str) -> str:
        return self.key_prefix + conversation_id

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        keys, now = [self._key(conversation_id)], time.time()
        return int(self._issue_ticket(keys=keys, args=[conversation_id, now, lock_lifetime]))

    def update_lock(self, conversation_id: str) -> None:
        self._drop_expired(keys=[self._key(conversation_id)], args=[conversation_id, time.time()])

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        self._finish_ticket(
            keys=[self._key(conversation_id)], args=[conversation_id, ticket_number]
        )
