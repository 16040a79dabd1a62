"""``python -m ecosystems.scenario_cli compare PARAMS --dest DIR`` (see :mod:`ecosystems.scenario`).

A separate entry point because the package imports :mod:`ecosystems.scenario`
eagerly, and ``python -m`` on an already imported module warns.
"""

import sys

from .scenario import main

if __name__ == "__main__":
    sys.exit(main())
