"""The threshold explorer: state and views (``state``), the figure (``render``), table
styles (``styling``), words in both languages (``words``), the cut controls
(``controls``), the widget page and its server (``app``), and the claims'
verdicts precomputed for the page without a server (``verdicts``)."""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "state": ["Explorer", "ExplorerState"],
    "app": ["ExplorerApp"],
    "verdicts": ["verdict_tables"],
})
