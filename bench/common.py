"""What every benchmark prints about the machine it ran on, so a recorded ratio has its context."""

from __future__ import annotations

import os
import platform
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def machine() -> str:
    """CPU model, core count and OS, e.g. ``AMD EPYC 7B13, 2 cores, Linux 6.18``."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if "model name" in line)
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"


def best_of(repeat: int, run: Callable[[], T]) -> tuple[float, T]:
    """Best wall-clock seconds of ``repeat`` runs, and the last result.

    The best, not the mean: on a shared machine the slow runs measure the neighbours.
    """
    best = float("inf")
    result: T | None = None
    for _ in range(repeat):
        start = time.perf_counter()
        result = run()
        best = min(best, time.perf_counter() - start)
    assert result is not None
    return best, result
