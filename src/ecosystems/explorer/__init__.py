"""The threshold explorer: its state (``state``), the tables and figure computed from it
(``views``), the figure (``render``), table styles (``styling``), words in both
languages (``labels``), the cut controls
(``controls``), the widget page and its server (``app``), the claims'
verdicts precomputed for the page without a server (``verdicts``), and that page
(``static/``: the explorer as one HTML file)."""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "state": ["ExplorerState"],
    "views": ["Explorer"],
    "app": ["ExplorerApp"],
    "verdicts": ["verdict_tables"],
    "static.export": ["static_explorer_html", "write_static_explorer"],
})
