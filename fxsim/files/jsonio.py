"""JSON text of configs and metadata that hold numpy values."""
from __future__ import annotations

import json
from typing import Any

import numpy as np


def to_json(obj: Any) -> str:
    """JSON text (sorted keys) of ``obj``: numpy arrays become lists, other unknown objects
    their ``str``."""
    return json.dumps(obj, default=lambda o: o.tolist() if isinstance(o, np.ndarray) else str(o),
                      sort_keys=True)
