"""runlean: running for fat loss, with physiology you can check.

The public Python API is re-exported here lazily (importing :mod:`runlean` stays cheap).
"""

from __future__ import annotations

from runlean.errors import RunleanError

__all__ = ["RunleanError", "__version__"]

__version__ = "0.1.0"
