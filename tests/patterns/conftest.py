"""tests/patterns reuses the waiter response synthesis of tests/waiting (``waiter_synthesis``)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "waiting"))
