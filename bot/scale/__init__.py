"""What the scale-out profile runs in production: the Redis lock store (`lock_store`) and a
container's Rasa replica entry point (`rasa_replica`). Starting PostgreSQL, Redis, nginx and the
replicas on one machine (`make run-scale`, tests/scale, the bench) is tooling: tools/scale/.
"""
