"""Developer tooling that is not part of the product: local orchestration of the scale-out profile
(`tools/scale`, `make run-scale`). The runtime image leaves this folder out."""
