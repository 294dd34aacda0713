"""``python -m fxsim.cli``: the ``fxsim`` command."""
from . import main

main()
