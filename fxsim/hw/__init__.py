"""Hardware side: the reference RTL in ``hdl/`` checked word for word against golden sets
(:mod:`fxsim.hw.rtl`)."""
