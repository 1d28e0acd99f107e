"""The deployment files agree with each other and with endpoints.scale.yml (no Docker needed)."""

from __future__ import annotations

import inspect
import os
import re
import shutil
import subprocess
import tempfile
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from bot.paths import REPO_ROOT
from bot.privacy.tracker_store import RedactingSQLTrackerStore
from bot.web.app import RASA_WEBCHAT_BUNDLE
from tools.scale.nginx import TEMPLATE, TEMPLATE_NAMES, main_config, render_site

COMPOSE = yaml.safe_load((REPO_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]
ENDPOINTS_TEXT = (REPO_ROOT / "endpoints.scale.yml").read_text(encoding="utf-8")
ENDPOINTS = yaml.safe_load(ENDPOINTS_TEXT)
HELM = yaml.safe_load(
    (REPO_ROOT / "deploy" / "helm" / "rasa-values.yml").read_text(encoding="utf-8")
)
DOCKERFILE = (REPO_ROOT / "deploy" / "Dockerfile").read_text(encoding="utf-8")
ENV_VAR = re.compile(r"\$\{([A-Z_][A-Z0-9_]*)\}")

# Top-level keys of the `rasa` chart's values.yaml (RasaHQ/helm-charts, charts/rasa).
HELM_CHART_KEYS = {
    "nameOverride", "fullnameOverride", "registry", "applicationSettings", "replicaCount",
    "networkPolicy", "args", "extraArgs", "command", "extraEnv", "image", "serviceAccount",
    "podAnnotations", "podLabels", "deploymentAnnotations", "deploymentLabels",
    "podSecurityContext", "securityContext", "service", "ingress", "resources", "autoscaling",
    "nodeSelector", "tolerations", "affinity", "strategy", "livenessProbe", "readinessProbe",
    "initContainers", "extraContainers", "volumes", "volumeMounts", "global", "postgresql",
    "redis", "rabbitmq", "nginx", "rasa-action-server", "duckling",
}  # fmt: skip


def environment_of(service: str) -> dict[str, str]:
    return {key: str(value) for key, value in SERVICES[service].get("environment", {}).items()}


def test_compose_runs_every_part_of_the_scale_out_profile():
    assert set(SERVICES) == {"rasa", "actions", "web", "postgres", "redis", "nginx"}
    assert SERVICES["rasa"]["deploy"]["replicas"] >= 2
    assert SERVICES["actions"]["deploy"]["replicas"] == 2
    for name in ("rasa", "actions", "web"):
        assert SERVICES[name]["build"]["dockerfile"] == "deploy/Dockerfile"
        assert (REPO_ROOT / SERVICES[name]["build"]["context"] / "deploy" / "Dockerfile").exists()


def test_rasa_gets_every_variable_endpoints_scale_yml_reads():
    needed = set(ENV_VAR.findall(yaml.safe_dump(ENDPOINTS)))
    assert needed - set(environment_of("rasa")) == set()


def test_rasa_waits_for_a_healthy_database_and_lock_store():
    depends = SERVICES["rasa"]["depends_on"]
    for service in ("postgres", "redis"):
        assert depends[service]["condition"] == "service_healthy"
        assert "healthcheck" in SERVICES[service]


def test_rasa_and_postgres_agree_on_the_database():
    rasa, postgres = environment_of("rasa"), environment_of("postgres")
    assert rasa["DB_HOST"] == "postgres"
    assert rasa["DB_DATABASE"] == postgres["POSTGRES_DB"]
    assert rasa["DB_USER"] == postgres["POSTGRES_USER"]
    assert rasa["DB_PASSWORD"] == postgres["POSTGRES_PASSWORD"]
    assert "${POSTGRES_PASSWORD" in rasa["DB_PASSWORD"], "never write the password into the file"
    assert rasa["REDIS_HOST"] == "redis"


def test_every_replica_gets_the_same_pseudonym_key_from_the_env_file():
    """Replicas with different keys would split a patient's SMS conversation in two."""
    key = environment_of("rasa")["PAINPATH_SENDER_KEY"]
    assert key.startswith("${PAINPATH_SENDER_KEY:?"), "never write the key into the file"


def test_actions_are_called_through_nginx_which_balances_both_action_servers():
    action_url = urlparse(environment_of("rasa")["ACTION_ENDPOINT_URL"])
    nginx = environment_of("nginx")
    assert action_url.hostname == "nginx"
    assert str(action_url.port) == nginx["NGINX_ACTION_PORT"]
    action_port = SERVICES["actions"]["command"][-1]
    assert nginx["ACTION_UPSTREAM_SERVERS"] == f"server actions:{action_port};"
    rasa_port = SERVICES["rasa"]["command"][-1]
    assert nginx["RASA_UPSTREAM_SERVERS"] == f"server rasa:{rasa_port};"


def test_nginx_mounts_the_template_and_sets_every_name_it_uses():
    mounts = {v.split(":")[1]: v.split(":")[0] for v in SERVICES["nginx"]["volumes"]}
    source = mounts["/etc/nginx/templates/default.conf.template"]
    assert (REPO_ROOT / source).resolve() == TEMPLATE
    assert set(TEMPLATE_NAMES) <= set(environment_of("nginx"))


def test_the_widget_talks_to_rasa_through_nginx_published_port():
    published = SERVICES["nginx"]["ports"][0].split(":")[0]
    rasa_public = urlparse(environment_of("web")["RASA_PUBLIC_URL"])
    assert str(rasa_public.port) == published
    assert (
        "http://localhost:" + SERVICES["web"]["ports"][0].split(":")[0]
        in environment_of("rasa")["PAINPATH_ALLOWED_ORIGINS"]
    )


def test_dockerfile_installs_the_locked_requirements_with_the_pinned_uv():
    makefile = (REPO_ROOT / "Makefile").read_text(encoding="utf-8")
    uv_pin = re.search(r"uv==([\d.]+)", makefile).group(1)
    assert "FROM python:3.10-slim" in DOCKERFILE
    assert f"uv=={uv_pin}" in DOCKERFILE
    assert "-r requirements.lock" in DOCKERFILE
    ignored = (REPO_ROOT / "deploy" / "Dockerfile.dockerignore").read_text(encoding="utf-8").split()
    assert {".venv", "models", "var", ".git"} <= set(ignored)
    # The runtime image holds the product only: tests, tooling and benchmarks stay out
    # (tests/bot/test_import_cycles.py checks that bot/ and actions/ never import them).
    assert {"tests", "tools", "bench"} <= set(ignored)


def test_the_image_takes_only_the_webchat_bundle_the_widget_server_serves():
    """Not rasa-webchat's 596 npm packages: the one file /vendor/rasa-webchat.js sends."""
    copies = [line for line in DOCKERFILE.splitlines() if line.startswith("COPY --from=widget")]
    bundle = f"/app/node_modules/{RASA_WEBCHAT_BUNDLE.as_posix()}"
    assert copies == [
        f"COPY --from=widget {bundle} ./node_modules/{RASA_WEBCHAT_BUNDLE.parent.as_posix()}/"
    ]


def test_endpoints_scale_uses_the_redacting_store_on_postgresql_and_redis_locks():
    store, lock = ENDPOINTS["tracker_store"], ENDPOINTS["lock_store"]
    assert store["type"] == "bot.privacy.tracker_store.RedactingSQLTrackerStore"
    assert store["dialect"] == "postgresql"
    assert lock["type"] == "bot.scale.lock_store.AtomicRedisLockStore"
    accepted = set(inspect.signature(RedactingSQLTrackerStore.__init__).parameters)
    # Rasa hands `url` to a custom store as `host`.
    assert {"host" if key == "url" else key for key in store if key != "type"} <= accepted


def test_endpoints_scale_variables_are_unquoted_so_rasa_fills_them():
    assert not re.search(r"""["']\$\{""", ENDPOINTS_TEXT), "Rasa does not fill ${VARS} in quotes"


def test_helm_values_use_only_keys_the_rasa_chart_knows():
    assert set(HELM) <= HELM_CHART_KEYS, set(HELM) - HELM_CHART_KEYS
    assert HELM["replicaCount"] >= 2
    assert {"name", "tag"} <= set(HELM["image"])


def test_helm_endpoints_mirror_endpoints_scale_yml():
    endpoints = HELM["applicationSettings"]["endpoints"]
    for helm_key, ours in (("trackerStore", "tracker_store"), ("lockStore", "lock_store")):
        chart = {k: str(v) for k, v in endpoints[helm_key].items() if k != "enabled"}
        assert endpoints[helm_key]["enabled"] is True
        assert chart == {k: str(v) for k, v in ENDPOINTS[ours].items()}, helm_key
    assert HELM["redis"]["external"]["enabled"] and HELM["postgresql"]["external"]["enabled"]


@pytest.mark.scale  # runs nginx: after `make system-test-deps`, in the scale-test step
def test_rendered_nginx_config_is_accepted_by_nginx():
    nginx = shutil.which("nginx", path=f"{os.environ.get('PATH', '')}:/usr/sbin")
    if nginx is None:
        reason = "nginx is not installed (run `make system-test-deps`)"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    with tempfile.TemporaryDirectory(prefix="painpath-nginx-check-") as folder:
        root = Path(folder)
        site = render_site(
            {
                "RASA_UPSTREAM_SERVERS": "server 127.0.0.1:1;",
                "ACTION_UPSTREAM_SERVERS": "server 127.0.0.1:2;",
                "NGINX_RASA_PORT": "127.0.0.1:3",
                "NGINX_ACTION_PORT": "127.0.0.1:4",
            }
        )
        (root / "nginx.conf").write_text(main_config(site, root), encoding="utf-8")
        check = subprocess.run(
            [nginx, "-t", "-q", "-p", str(root), "-c", str(root / "nginx.conf")],
            capture_output=True,
            text=True,
        )
    assert check.returncode == 0, check.stderr
