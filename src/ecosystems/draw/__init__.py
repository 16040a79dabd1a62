"""Drawing (every function takes ``ax=None`` and returns the Axes it drew on).

Modules: ``style`` (palette, fonts, sizes), ``scales`` and ``text`` (axes and
ticks of a phase portrait; fitting names into places), ``artists``,
``portrait`` and ``small_multiples`` (the paper's Fig. 1), ``intensity`` (its
optional layer: the OECD R&D-intensity groups), ``sensitivity_figures``,
``transitions`` and ``cooperation_figures`` (statistical figures, seaborn).
"""
