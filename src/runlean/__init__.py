"""runlean: running for fat loss, with physiology you can check.

The public Python API is re-exported here lazily (importing :mod:`runlean` stays cheap).
"""

from __future__ import annotations

from runlean.errors import RunleanError

__all__ = ["RunleanError", "__version__", "simulate_scenario"]

__version__ = "0.1.0"


def __getattr__(name: str) -> object:
    """Lazily re-export the public service functions (keeps ``import runlean`` cheap)."""
    if name == "simulate_scenario":
        from runlean.simulate import simulate_scenario

        return simulate_scenario
    raise AttributeError(f"module 'runlean' has no attribute {name!r}")
