"""What every benchmark prints about the machine it ran on, so a recorded ratio has its context."""

from __future__ import annotations

import os
import platform


def machine() -> str:
    """CPU model, core count and OS, e.g. ``AMD EPYC 7B13, 2 cores, Linux 6.18``."""
    cpu = platform.processor() or platform.machine()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as info:
            cpu = next(line.split(":", 1)[1].strip() for line in info if "model name" in line)
    except (OSError, StopIteration):
        pass
    return f"{cpu}, {os.cpu_count()} cores, {platform.system()} {platform.release()}"
