"""Golden-vector file formats: $readmemh text, C headers, npz, and the manifest that ties them.

Every array travels with its Format (signedness, width, frac bits), its shape and axis order.
Words are W-bit two's complement (unsigned: plain binary) in every text format.
"""
from .arrays import VectorArray
from .cheader import read_header, write_header
from .hexfile import read_hex, write_hex
from .npzfile import read_npz, write_npz

FORMAT_VERSION = "1.4.0"

__all__ = ["FORMAT_VERSION", "VectorArray", "read_header", "read_hex", "read_npz",
           "write_header", "write_hex", "write_npz"]
