"""A stand-in for Rasa's Socket.IO channel (session persistence on), for widget browser tests."""

from __future__ import annotations

import asyncio
import inspect
import socket
import threading
import uuid
from dataclasses import dataclass, field
from typing import Any

import socketio
from aiohttp import web

LINK = "https://riverbend.example/faq"
QUICK_REPLIES = [
    {"content_type": "text", "title": "How to prepare", "payload": "/ask_prepare"},
    {"content_type": "text", "title": "Risks", "payload": "/ask_risks"},
]


def free_port() -> int:
    """A loopback port nobody is using right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def answer_to(text: str) -> dict[str, Any]:
    """What the fake bot says: echoes the words (to test escaping), adds a link and buttons."""
    if text == "/ask_prepare":
        return {"text": "To get ready, follow your clinic's own instructions."}
    return {"text": f"You asked: {text}\nRead more at {LINK}.", "quick_replies": QUICK_REPLIES}


@dataclass
class FakeRasa:
    """Runs on its own thread and loop; records sessions and messages for assertions."""

    port: int = field(default_factory=free_port)
    sessions: list[str] = field(default_factory=list)
    messages: list[dict[str, Any]] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def _build(self) -> web.Application:
        sio = socketio.AsyncServer(async_mode="aiohttp", cors_allowed_origins="*")
        app = web.Application()
        sio.attach(app, socketio_path="socket.io")

        @sio.on("session_request")
        async def session_request(sid: str, data: dict[str, Any] | None) -> None:
            session_id = (data or {}).get("session_id") or uuid.uuid4().hex
            self.sessions.append(session_id)
            entered = sio.enter_room(sid, session_id)
            if inspect.isawaitable(entered):
                await entered
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on("user_uttered")
        async def user_uttered(sid: str, data: dict[str, Any]) -> None:
            self.messages.append(data)
            await asyncio.sleep(0.3)
            await sio.emit(
                "bot_uttered", answer_to(data.get("message", "")), room=data["session_id"]
            )

        return app

    def start(self) -> None:
        ready = threading.Event()

        def serve() -> None:
            self._loop = asyncio.new_event_loop()
            runner = web.AppRunner(self._build())
            self._loop.run_until_complete(runner.setup())
            self._loop.run_until_complete(web.TCPSite(runner, "127.0.0.1", self.port).start())
            self._runner = runner
            ready.set()
            self._loop.run_forever()

        self._thread = threading.Thread(target=serve, daemon=True)
        self._thread.start()
        if not ready.wait(10):
            raise RuntimeError("fake Rasa server did not start within 10 s")

    async def _shutdown(self) -> None:
        await self._runner.cleanup()
        pending = [task for task in asyncio.all_tasks() if task is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._shutdown(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(10)
