"""The one process starter (bot/processes.py) and the one `rasa run` command line (bot/launcher.py):
a server that dies or never answers is named with its log; stopping always ends the process; every
way PainPath starts Rasa gets the same options, with the clinic's origins checked once."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from bot.environment import allowed_origins
from bot.errors import ContentError
from bot.launcher import Settings, Stack, rasa_run_command
from bot.paths import DEFAULT_CLINIC_FILE, DEFAULT_MODEL
from bot.processes import Server, ServerGroup, free_port, stop_servers, wait_for
from bot.scale import rasa_replica
from tools.scale import ScaleSettings

PYTHON = sys.executable


def http_server(name: str, port: int) -> Server:
    command = [PYTHON, "-m", "http.server", str(port), "--bind", "127.0.0.1"]
    return Server(name, command, f"http://127.0.0.1:{port}/")


def test_a_started_server_answers_logs_to_its_file_and_stops(tmp_path: Path) -> None:
    group = ServerGroup([http_server("file server", free_port())], tmp_path, tmp_path / "logs")
    group.start_servers({"PATH": "/usr/bin:/bin"})
    try:
        group.wait_until_ready(timeout=30)
        assert group.first_exited() is None
    finally:
        group.stop(grace=5)
    server = group.servers[0]
    assert server.has_stopped()
    assert server.log_file == tmp_path / "logs" / "file-server.log"
    assert "GET / HTTP" in server.log_file.read_text()


def test_a_server_that_dies_is_named_with_its_log(tmp_path: Path) -> None:
    dying = Server("broken server", [PYTHON, "-c", "raise SystemExit(3)"], "http://127.0.0.1:9/")
    dying.start(tmp_path, {}, tmp_path)
    with pytest.raises(RuntimeError, match=r"broken server stopped while starting; see .*\.log"):
        wait_for([dying], timeout=30)


def test_a_server_that_never_answers_is_named_and_still_stopped(tmp_path: Path) -> None:
    silent = Server("silent server", [PYTHON, "-c", "import time; time.sleep(60)"], "")
    silent.ready_url = f"http://127.0.0.1:{free_port()}/"
    silent.start(tmp_path, {})
    try:
        with pytest.raises(TimeoutError, match="silent server"):
            wait_for([silent], timeout=1)
    finally:
        stop_servers([silent], grace=0.5)
    assert silent.has_stopped()


def test_a_restarted_server_gets_the_groups_environment_again(tmp_path: Path) -> None:
    port = free_port()
    group = ServerGroup([http_server("file server", port)], tmp_path, tmp_path)
    group.start_servers({"PATH": "/usr/bin:/bin"})
    try:
        group.wait_until_ready(timeout=30)
        stop_servers(group.servers, grace=5)
        group.restart(group.servers[0], timeout=30)
        assert group.servers[0].is_ready()
    finally:
        group.stop(grace=5)


def test_every_rasa_server_runs_one_command_line() -> None:
    settings = Settings(rasa_port=5101, web_port=8101, allowed_origins=("https://clinic.example",))
    launcher_rasa = Stack(settings).servers[1].command
    assert launcher_rasa == rasa_run_command(
        5101,
        DEFAULT_MODEL,
        "endpoints.yml",
        "var/credentials.active.yml",
        ["http://localhost:8101", "http://127.0.0.1:8101", "https://clinic.example"],
    )
    assert launcher_rasa[launcher_rasa.index("--cors") + 1 :][-1] == "https://clinic.example"
    assert "--cors" not in rasa_run_command(5102, "models")


def test_allowed_origins_are_checked_once_for_every_server() -> None:
    env = {"PAINPATH_ALLOWED_ORIGINS": " https://clinic.example/ ,http://localhost:5173"}
    assert allowed_origins(env) == ("https://clinic.example", "http://localhost:5173")
    assert Settings.from_env(env).allowed_origins == allowed_origins(env)
    with pytest.raises(ContentError, match="PAINPATH_ALLOWED_ORIGINS"):
        Settings.from_env({"PAINPATH_ALLOWED_ORIGINS": "clinic.example"})


def test_defaults_are_the_sample_clinic_and_the_trained_model() -> None:
    settings = Settings.from_env({})
    assert (settings.clinic_file, settings.model) == (DEFAULT_CLINIC_FILE, DEFAULT_MODEL)


def test_scale_out_settings_are_the_launchers_with_nginx_in_front() -> None:
    env = {"PAINPATH_SCALE_PORT": "8181", "PAINPATH_MODEL": "m.tar.gz", "WEB_PORT": "8102"}
    scale = ScaleSettings.from_env({**env, "PAINPATH_SCALE_REPLICAS": "3", "RASA_PORT": "5999"})
    assert isinstance(scale, Settings)
    assert (scale.rasa_port, scale.model, scale.web_port) == (8181, "m.tar.gz", 8102)
    assert (scale.replicas, scale.endpoints, scale.action_port) == (3, "endpoints.scale.yml", 0)


def test_a_container_replica_runs_the_launchers_command_line(monkeypatch, tmp_path) -> None:
    ran: list[list[str]] = []
    monkeypatch.setattr(os, "execv", lambda program, command: ran.append(command))
    monkeypatch.setattr(os, "chdir", lambda folder: None)
    monkeypatch.setattr(rasa_replica, "VAR_DIR", tmp_path)
    monkeypatch.delenv("PAINPATH_MODEL", raising=False)
    monkeypatch.setenv("PAINPATH_ALLOWED_ORIGINS", "https://clinic.example/")
    rasa_replica.main(["--port", "5105"])
    active = str(tmp_path / "credentials.active.yml")
    cors = ("https://clinic.example",)
    assert ran == [rasa_run_command(5105, DEFAULT_MODEL, "endpoints.scale.yml", active, cors)]


def test_a_container_replica_with_a_bad_origin_does_not_start(monkeypatch) -> None:
    monkeypatch.setattr(os, "execv", lambda program, command: pytest.fail("started anyway"))
    monkeypatch.setenv("PAINPATH_ALLOWED_ORIGINS", "clinic.example")
    with pytest.raises(SystemExit, match="PAINPATH_ALLOWED_ORIGINS"):
        rasa_replica.main([])
