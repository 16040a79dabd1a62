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
``explorer``
    The threshold explorer (state, views, rendering, widgets).
``publish``
    Outputs on disk, provenance, the report, profiles, the notebook runner, the CLI.

Every public name of every layer is also available here (``eco.classify``,
``eco.phase_portrait``, ...); names load lazily, so ``import ecosystems`` is cheap.
"""

import lazy_loader

from . import analysis, draw, explorer, io, publish, typology
from .io import reads

reads.install()  # note data files read, for the provenance sidecars

_LAYERS = {"io": io, "typology": typology, "analysis": analysis, "draw": draw,
           "explorer": explorer, "publish": publish}

__getattr__, __dir__, __all__ = lazy_loader.attach(
    __name__, submodules=["config", "errors", *_LAYERS],
    submod_attrs={"errors": ["DataError", "DataWarning", "ParameterError"],
                  **{name: [n for n in layer.__all__ if n != "claims"]
                     for name, layer in _LAYERS.items()}})

__version__ = "0.1.0"
