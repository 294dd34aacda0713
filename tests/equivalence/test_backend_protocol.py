"""Every backend is declared, not discovered: it defines the REQUIRED functions with the
signatures of the numpy definition (fxsim.backends.reference), declares in FUSED exactly the
fused kernels it implements, and the enum codes of fxsim.formats / fxsim.backends.abi equal
the C enums compiled into the extension (read from it, not from the headers)."""
import inspect

import pytest

from fxsim import backends
from fxsim.backends import BACKENDS, FUSED_KERNELS, REQUIRED, available, get_backend

BUILT = [b for b in BACKENDS if available()[b] == "ok"]
REFERENCE = get_backend("numpy")


def _params(fn) -> list[str]:
    return list(inspect.signature(fn).parameters)


@pytest.mark.parametrize("name", BUILT)
def test_required_functions_with_the_definition_signature(name):
    module = get_backend(name)
    assert isinstance(module, backends.Backend)
    assert module.NAME == name
    for fn in REQUIRED:
        assert callable(getattr(module, fn, None)), f"{name} lacks {fn}"
        # the definition's parameters, in order (a backend may add keyword extras at the end)
        want = _params(getattr(REFERENCE, fn))
        assert _params(getattr(module, fn))[:len(want)] == want, f"{name}.{fn}"


@pytest.mark.parametrize("name", BUILT)
def test_fused_declares_exactly_the_implemented_kernels(name):
    module = get_backend(name)
    assert isinstance(module.FUSED, frozenset) and module.FUSED <= FUSED_KERNELS
    implemented = {k for k in FUSED_KERNELS if callable(getattr(module, k, None))}
    assert module.FUSED == implemented
    for kernel in FUSED_KERNELS:
        assert backends.supports(name, kernel) == (kernel in implemented)
        assert (backends.fused(name, kernel) is None) == (kernel not in implemented)


def test_unknown_fused_kernel_is_an_error():
    with pytest.raises(backends.FxError, match="unknown fused kernel"):
        backends.supports("numpy", "softmax")


@pytest.mark.skipif("c" not in BUILT, reason="C backend not built")
def test_python_enums_equal_the_compiled_c_enums():
    c = get_backend("c")
    compiled = c._ckernels.c_enums()
    assert compiled == c.python_enums()
    assert set(compiled) >= {"rounding", "overflow", "decay_kind", "activation_kind", "var",
                             "polarnorm_var", "counts"}


@pytest.mark.parametrize("name", [b for b in BUILT if b != "numpy"])
def test_population_kernels_reject_inputs_and_outputs_of_the_wrong_size(name):
    """The compiled kernels read T x n inputs and write n final values through raw pointers:
    a mismatched array is an FxError before the call, never a read or write past its end."""
    import numpy as np

    from fxsim import Population
    pop = Population(n=8, steps=4, v_format="fixed<16,16,TRN,SAT>",
                     acc_format="fixed<16,16,TRN,SAT>", threshold=5)
    plan, module = pop.plan(), get_backend(name)
    good = np.ones((4, 8), np.int32)
    earlier = module.simulate(plan, good, ())
    for bad in (np.ones(8, np.int32), np.ones((4, 9), np.int32), good.astype(np.int64)):
        with pytest.raises(backends.FxError, match="int32 array of 32 values"):
            module.simulate(plan, bad, ())
    earlier.v = np.zeros(7, np.int64)           # an out= run of another population's size
    with pytest.raises(backends.FxError, match=r"out.v must be .* shape \(8,\)"):
        module.simulate(plan, good, (), out=earlier)
