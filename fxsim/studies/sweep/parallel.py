"""Where sweep points run: inline, in local spawned processes or on a Dask cluster; the same
function on the same arguments either way, results yielded as they finish."""
from __future__ import annotations

import multiprocessing
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor, as_completed

from ...errors import FxError


def connect_dask(address: str):
    """A ``distributed.Client`` on ``address``; FxError if the extra is missing or the
    scheduler cannot be reached within 5 s."""
    try:
        from distributed import Client
    except ImportError:
        raise FxError("--dask needs the sweep extra: pip install 'fxsim[sweep]'") from None
    try:
        return Client(address, timeout="5s", set_as_default=False)
    except (OSError, TimeoutError, ValueError, TypeError) as exc:
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise FxError(f"cannot reach the Dask scheduler at {address}: {reason}") from None


def map_points(fn: Callable, items: Sequence, jobs: int = 1, client=None) -> Iterator:
    """``fn(item)`` for every item: on the Dask ``client``, in ``jobs`` spawned processes or
    inline; results in completion order (each result must say which item it belongs to)."""
    if not items:
        return
    if client is not None:
        import distributed
        futures = client.map(fn, list(items), pure=False)
        for future in distributed.as_completed(futures, loop=client.loop):
            yield future.result()
    elif jobs > 1 and len(items) > 1:
        ctx = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=jobs, mp_context=ctx) as pool:
            for future in as_completed([pool.submit(fn, item) for item in items]):
                yield future.result()
    else:
        for item in items:
            yield fn(item)
