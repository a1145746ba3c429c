"""Suite-wide settings.

CI machines are shared and noisy: Hypothesis's per-example deadline would turn a slow neighbour
into a failing property, so under CI the properties run without one (they still run in full).
"""

from __future__ import annotations

import os

from hypothesis import settings

settings.register_profile("ci", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")
