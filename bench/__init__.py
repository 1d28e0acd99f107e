"""Benchmarks for PainPath (`make bench`): training time and REST latency, measured, not guessed."""
