"""Options and argument helpers shared by the ``fxsim`` commands."""
from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import click

from ..errors import FxError
from ..files.atomic import writable_dir

Decorator = Callable[[Callable], Callable]


def backend_option(default: str = "numpy") -> Decorator:
    """``--backend NAME``: the kernel backend a command runs on."""
    return click.option("--backend", default=default, show_default=True,
                        help="numpy | c | numba")


def method_option() -> Decorator:
    """``--method NAME``: the operator method (default nlspike)."""
    return click.option("--method", default="nlspike", show_default=True,
                        help="operator method")


def model_options() -> Decorator:
    """``--model SPEC`` and ``--ops LIST``: the model an audit or calibration runs, the ops it
    replaces."""
    model = click.option("--model", "model_name", required=True,
                         help="minilm | gemma3-270m | smollm2-135m | a Hugging Face model DIR | "
                              "FILE.gguf")
    ops = click.option("--ops", "ops_text", default=None,
                       help="comma list of softmax,gelu,silu,layernorm,rmsnorm (default: the "
                            "model's)")
    return lambda f: model(ops(f))


def preset_option() -> Decorator:
    """``--preset audit|paper``: the configs an audit or calibration starts from."""
    return click.option("--preset", type=click.Choice(["audit", "paper"]), default="audit",
                        show_default=True,
                        help="audit: inputs that hold real residual streams, outputs rounded "
                             "(docs/audit.md); paper: the method's paper preset")


def seed_option(help_text: str | None = None) -> Decorator:
    """``--seed N`` (default 0)."""
    return click.option("--seed", type=int, default=0, show_default=True, help=help_text)


def out_dir_option() -> Decorator:
    """``--out DIR`` (required): the output directory, bound to ``out_dir``."""
    return click.option("--out", "out_dir", type=click.Path(file_okay=False), required=True)


def force_option() -> Decorator:
    """``--force``: replace an existing output directory."""
    return click.option("--force", is_flag=True, help="replace an existing output directory")


def split_names(text: str) -> tuple[str, ...]:
    """The non-empty, stripped items of a comma list ("a, b,," -> ("a", "b"))."""
    return tuple(name.strip() for name in text.split(",") if name.strip())


def record_names(text: str | None) -> tuple[str, ...] | bool:
    """``--record``: () for nothing, True for ``all``, else the comma list's names."""
    if not text:
        return ()
    if text == "all":
        return True
    return split_names(text)


def command_line() -> str:
    """This process's command line, as recorded in written files."""
    return " ".join(sys.argv)


def require_new_dir(out_dir: str, force: bool) -> None:
    """FxError unless ``out_dir`` can be created: absent (or ``force`` allows replacing a
    directory) in a writable parent. Checked before the work, so nothing runs in vain."""
    out = Path(out_dir)
    if out.exists() and not force:
        raise FxError(f"{out_dir} exists; pass --force to replace it")
    if out.exists() and not out.is_dir():
        raise FxError(f"output {out_dir} exists and is not a directory")
    writable_dir(out.resolve().parent)


def require_parent_dir(out_path: str) -> None:
    """FxError unless the file ``out_path`` can be written: its directory exists and is
    writable, and ``out_path`` is not a directory."""
    if Path(out_path).is_dir():
        raise FxError(f"output {out_path} is a directory; name a file")
    writable_dir(Path(out_path).resolve().parent)
