"""Declares the one compiled extension: the Cython glue over the C99 kernels in csrc/.

OpenMP is used when the compiler accepts -fopenmp (FXSIM_OPENMP=0 turns it off); results
never depend on it.
"""
import os
import shutil
import subprocess
import tempfile

import numpy as np
from Cython.Build import cythonize
from setuptools import Extension, setup


def openmp_flags() -> list[str]:
    if os.environ.get("FXSIM_OPENMP", "1") == "0":
        return []
    cc = os.environ.get("CC", "cc")
    if not shutil.which(cc):
        return []
    with tempfile.TemporaryDirectory() as tmp:
        src = os.path.join(tmp, "t.c")
        with open(src, "w") as fh:
            fh.write("#include <omp.h>\nint main(void){return omp_get_max_threads() < 1;}\n")
        ok = subprocess.run([cc, "-fopenmp", src, "-o", os.path.join(tmp, "t")],
                            capture_output=True).returncode == 0
    return ["-fopenmp"] if ok else []


omp = openmp_flags()
extension = Extension(
    "fxsim.backends._ckernels",
    sources=["fxsim/backends/_ckernels.pyx", "csrc/fx_arith.c", "csrc/fx_population.c"],
    include_dirs=["csrc", np.get_include()],
    define_macros=[("NPY_NO_DEPRECATED_API", "NPY_1_7_API_VERSION")],
    extra_compile_args=["-O3", "-std=c99"] + omp,
    extra_link_args=omp,
)

setup(ext_modules=cythonize([extension], compiler_directives={"language_level": 3}))
