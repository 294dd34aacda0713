"""Engine benchmark (the same as `fxsim bench`): see fxsim/bench.py for what it times."""
import sys

from fxsim.bench import main

if __name__ == "__main__":
    sys.exit(main())
