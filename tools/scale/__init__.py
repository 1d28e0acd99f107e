"""The scale-out profile on one machine: PostgreSQL, Redis, nginx, Rasa replicas, action servers.

`make run-scale` (python -m tools.scale) and tests/scale start it on loopback ports; production
uses docker-compose.yml or deploy/helm with the same endpoints.scale.yml (README.md, "Scaling").
"""

from tools.scale.services import MissingServiceError, find_service_binaries
from tools.scale.stack import ScaleSettings, ScaleStack

__all__ = ["MissingServiceError", "ScaleSettings", "ScaleStack", "find_service_binaries"]
