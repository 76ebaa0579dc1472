"""Entry point of the packaged app: the same `hearth` command as a source install.

Two things only a frozen app needs: multiprocessing's spawn children (the document parse
pool) re-enter this executable, and the desktop's "Open with Hearth" for a .gguf file
passes the file as the only argument.
"""

import multiprocessing
import sys
from pathlib import Path

from engine.cli.main import main


def open_with(argv: list[str]) -> list[str] | None:
    """`hearth FILE.gguf` (a file manager's "Open with"): import it, then show Models."""
    if len(argv) == 1 and argv[0].lower().endswith(".gguf") and Path(argv[0]).is_file():
        return argv
    return None


if __name__ == "__main__":
    multiprocessing.freeze_support()  # a parse-pool child runs its task and exits here
    gguf = open_with(sys.argv[1:])
    if gguf:
        main(["models", "import", gguf[0]])  # an error (already imported) is printed; go on
        sys.exit(main(["gui", "--page", "models"]))
    sys.exit(main())
