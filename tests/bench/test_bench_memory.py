"""Reading /proc: the RSS of a server counts its worker processes too."""

from __future__ import annotations

import os

from bench.memory import descendants, parse_parent_pid, parse_vmrss_kib, sample_rss

STATUS = "Name:\tpython\nVmPeak:\t 2000000 kB\nVmRSS:\t  1153024 kB\nThreads:\t12\n"


def test_vmrss_is_read_in_kib():
    assert parse_vmrss_kib(STATUS) == 1153024


def test_a_zombie_without_vmrss_counts_as_zero():
    assert parse_vmrss_kib("Name:\tpython\nState:\tZ (zombie)\n") == 0


def test_parent_pid_survives_a_command_name_with_spaces_and_brackets():
    assert parse_parent_pid("4242 (rasa (worker) 1) S 4000 4242 4242 0 -1") == 4000


def test_descendants_include_grandchildren_but_not_siblings():
    parents = {10: 1, 11: 10, 12: 10, 13: 11, 20: 1}
    assert sorted(descendants(10, parents)) == [10, 11, 12, 13]


def test_sampling_this_process_gives_a_plausible_size():
    sample = sample_rss(os.getpid())
    assert sample.processes >= 1
    assert 5 < sample.largest_process_mb <= sample.total_mb
