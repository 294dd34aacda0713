"""What a conversion left float: every nonlinear module of the model (a norm or an activation,
by class) that is not an fxsim stand-in, and a softmax the bridge cannot reach (attention that
does not run through transformers' attention interface). Each row says why: the op was not
asked for (``--ops``), or fxsim has no operator for it (``unsupported``: an error with
``--strict``)."""
from __future__ import annotations

from ..errors import FxError

#: class-name fragments of nonlinear modules (norms and activations)
NONLINEAR = ("Norm", "GELU", "SiLU", "Swish", "Tanh", "Sigmoid", "ReLU", "Softmax", "Mish",
             "Activation", "Softplus", "ELU")


def is_nonlinear(module) -> bool:
    """A leaf module that is a norm or an activation (torch's activation modules included)."""
    if next(module.children(), None) is not None:
        return False
    cls = type(module)
    return cls.__module__ == "torch.nn.modules.activation" or \
        any(part in cls.__name__ for part in NONLINEAR)


def left_float(model) -> list[dict]:
    """Rows {name, class, op, reason, unsupported} of the nonlinear modules the conversion did
    not replace, in model order, then a softmax in attention the bridge cannot reach (call
    after ``fxsim.torch.convert``)."""
    from ..torch.convert import attention_modules, bridge_op
    from ..torch.modules import FxModule
    rows = []
    for name, module in model.named_modules():
        if not name or isinstance(module, FxModule) or not is_nonlinear(module):
            continue
        op = bridge_op(module)
        reason = f"{op} not in the audited ops" if op else "no fxsim operator for this module"
        rows.append({"name": name, "class": type(module).__name__, "op": op, "reason": reason,
                     "unsupported": op is None})
    classes = sorted({type(m).__name__ for _, m in model.named_modules()
                      if "Attention" in type(m).__name__})
    if classes and not attention_modules(model):
        rows.append({"name": "(attention softmax)", "class": ", ".join(classes),
                     "op": "softmax", "unsupported": True,
                     "reason": "softmax computed inside attention that does not use "
                               "transformers' attention interface"})
    return rows


def check_strict(rows: list[dict]) -> None:
    """FxError naming every unsupported module (``--strict``)."""
    bad = [f"{r['name']} ({r['class']})" for r in rows if r["unsupported"]]
    if bad:
        shown = ", ".join(bad[:4]) + (f" and {len(bad) - 4} more" if len(bad) > 4 else "")
        raise FxError(f"--strict: {len(bad)} nonlinear module(s) fxsim cannot replace: {shown}")
