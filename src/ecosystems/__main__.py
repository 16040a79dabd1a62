"""``python -m ecosystems``: the command line (:mod:`ecosystems.publish.cli`)."""

import sys

from .publish.cli import main

sys.exit(main())
