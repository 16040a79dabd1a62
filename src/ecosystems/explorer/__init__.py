"""The threshold explorer: state and views (``state``), the figure (``render``), table
styles (``styling``), the widget page and its server (``app``)."""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "state": ["Explorer", "ExplorerState"],
    "app": ["ExplorerApp"],
})
