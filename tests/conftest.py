"""Suite-wide settings.

Every test gets an empty Emhana home (``_own_home``). CI machines are shared and noisy:
Hypothesis's per-example deadline would turn a slow neighbour into a failing property, so under
CI the properties run without one (they still run in full).
"""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

settings.register_profile("ci", deadline=None, print_blob=True)
settings.load_profile("ci" if os.environ.get("CI") else "default")


@pytest.fixture(autouse=True)
def _own_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    """Give every test an empty ``EMHANA_HOME`` rather than the machine's register and keys.

    A test that opened the default register read (and, on an old schema, failed on) whatever an
    earlier run or a real user left in ``~/.local/share/emhana``. A test that needs a home of
    its own still sets ``EMHANA_HOME`` itself; the browser tests' servers get their own too.
    """
    monkeypatch.setenv("EMHANA_HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.delenv("EMHANA_DATABASE_URL", raising=False)
