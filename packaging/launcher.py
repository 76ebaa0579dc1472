"""Entry point for the bundled app: the same `hearth` command."""

import sys

from engine.cli.main import main

if __name__ == "__main__":
    sys.exit(main())
