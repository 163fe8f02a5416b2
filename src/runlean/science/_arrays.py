"""Array conventions shared by the science modules (internal).

Science functions take Python floats or NumPy arrays and return a ``float`` for scalar input
and a ``float64`` array otherwise.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

#: An array of float64 values (the one alias used across runlean).
FloatArray = npt.NDArray[np.float64]
#: A scalar [float] or an array of float64 values.
ArrayLike = float | FloatArray
#: A sex flag: True for men, or a boolean array for a batch.
BoolLike = bool | npt.NDArray[np.bool_]


def to_output(value: Any) -> ArrayLike:
    """Return ``value`` as a float if it is 0-dimensional, else as a float64 array."""
    arr = np.asarray(value, dtype=float)
    return arr if arr.ndim else float(arr)


def as_float(value: Any) -> npt.NDArray[np.float64]:
    """Return ``value`` as a float64 array (0-dimensional for a scalar)."""
    return np.asarray(value, dtype=float)
