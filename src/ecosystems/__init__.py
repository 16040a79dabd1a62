"""ecosystems: re-running the industrial-ecosystem typology of Mityakov et al.

The package is in layers; each imports only the layers before it:

``config``, ``errors``
    Paths and environment-variable names; the user-facing error.
``io``
    Reading tables (your own exports too), reference data, data quality, deflators.
``typology``
    Cut points, the classification rule, sweeps, data-driven cut methods.
``analysis``
    The study configuration, summaries, sensitivity, cooperation, support
    measures, scenarios, the claims ledger.
``draw``
    Phase portraits and the statistical figures.
``outputs``
    What notebooks write: figures and tables on disk, provenance, escaping, profiles.
``explorer``
    The threshold explorer (state, views, rendering, widgets; ``static/``: one HTML file).
``book``
    The reviewer's book, the replication report and its PDF.
``runner``
    The notebook runner and the command line (``python -m ecosystems``).

Every public name of every layer is also available here (``eco.classify``,
``eco.phase_portrait``, ...); names load lazily, so ``import ecosystems`` is cheap.
"""

import lazy_loader

from . import analysis, book, draw, explorer, io, outputs, typology
from .io import read_log

read_log.install()  # note data files read, for the provenance sidecars

_LAYERS = {"io": io, "typology": typology, "analysis": analysis, "draw": draw,
           "outputs": outputs, "explorer": explorer, "book": book}

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__, submodules=["config", "errors", *_LAYERS],
    submod_attrs={"errors": ["DataError", "DataWarning", "ParameterError"],
                  **{name: [n for n in layer.__all__ if n != "claims"]
                     for name, layer in _LAYERS.items()}})

__version__ = "0.1.0"
