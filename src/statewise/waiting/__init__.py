"""Waiting: poll an operation until its acceptors say success, sync or async.

``core`` decides (acceptors, pacing, errors) without I/O; ``sync`` and
``aio`` are the thin drivers; ``setup`` turns the arguments into a core.
"""

from statewise.specs.waiter import WaiterSpec
from statewise.waiting.aio import async_wait
from statewise.waiting.core import Attempt
from statewise.waiting.sync import wait

__all__ = ["Attempt", "WaiterSpec", "async_wait", "wait"]
