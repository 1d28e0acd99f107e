"""Where the repository's folders and files are: the one module that knows the repo root.

Every other module imports its paths from here, so moving a folder is a one-line change and
nothing depends on the directory the bot was started from.
"""

from __future__ import annotations

from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

CONTENT_DIR = REPO_ROOT / "content"
DATA_DIR = REPO_ROOT / "data"
TESTS_DIR = REPO_ROOT / "tests"
ACTIONS_DIR = REPO_ROOT / "actions"
PRETRAINED_DIR = REPO_ROOT / "pretrained"
MODELS_DIR = REPO_ROOT / "models"
VAR_DIR = REPO_ROOT / "var"
NODE_MODULES_DIR = REPO_ROOT / "node_modules"
DEPLOY_DIR = REPO_ROOT / "deploy"

CONFIG_FILE = REPO_ROOT / "config.yml"
DOMAIN_FILE = REPO_ROOT / "domain.yml"
# Defaults of PAINPATH_CLINIC_FILE and PAINPATH_MODEL. Relative, like the values clinics set: they
# are read from the working directory (the launcher starts every server in the repo root).
DEFAULT_CLINIC_FILE = "clinic.yml"
DEFAULT_MODEL = "models/painpath.tar.gz"
CLINIC_FILE = REPO_ROOT / DEFAULT_CLINIC_FILE
MODEL_FILE = REPO_ROOT / DEFAULT_MODEL

NLU_TESTS_DIR = TESTS_DIR / "nlu"
SAFETY_TESTS_DIR = TESTS_DIR / "safety"


def from_repo_root(path: Path | str) -> Path:
    """`path` as is when absolute, else taken from the repo root (never from the cwd)."""
    path = Path(path)
    return path if path.is_absolute() else REPO_ROOT / path
