"""Engine benchmark (the same as `fxsim bench`): see fxsim/studies/bench/ for what it times."""
import sys

from fxsim.cli import main

if __name__ == "__main__":
    main(["bench", *sys.argv[1:]])
