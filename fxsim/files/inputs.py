"""Raw input arrays a user hands to ``fxsim run`` / ``golden`` / ``sweep`` (.npy or .npz)."""
from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import FxError


def load_array(path: str | Path) -> np.ndarray:
    """The array of a .npy file (an .npz gives its NpzFile); errors are one line."""
    p = Path(path)
    if not p.is_file():
        raise FxError(f"input file not found: {p}")
    try:
        return np.load(p, allow_pickle=False)
    except (ValueError, OSError) as exc:
        raise FxError(f"cannot read {p} as .npy: {exc}") from None
