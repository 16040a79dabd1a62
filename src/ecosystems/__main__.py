"""``python -m ecosystems``: the command line (:mod:`ecosystems.runner.cli`)."""

import sys

from .runner.cli import main

sys.exit(main())
