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

The public names (``eco.classify``, ``eco.phase_portrait``, ...) are listed once, in
``__init__.pyi``, which editors read; each loads from its module on first use
(``lazy_loader.attach_stub``), so ``import ecosystems`` is cheap and does nothing else.
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach_stub(__name__, __file__)

__version__ = "0.1.0"
