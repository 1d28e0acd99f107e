"""Benchmarks for PainPath (`make bench`): PainPath next to a stock `rasa init` bot, measured."""
