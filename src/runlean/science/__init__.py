"""Pure scientific functions and models: floats or NumPy arrays in, the same out, no I/O.

One function per published equation, named after it, with units in ``[brackets]`` in its
numpydoc docstring, its reference, and its assumptions and validity range.
"""
