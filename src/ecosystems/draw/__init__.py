"""Drawing (every function takes ``ax=None`` and returns the Axes it drew on).

Modules: ``style`` (palette, fonts, sizes), ``scales`` and ``text`` (axes and
ticks of a phase portrait; fitting names into places), ``artists``,
``portrait`` and ``small_multiples`` (the paper's Fig. 1), ``intensity`` (its
optional layer: the OECD R&D-intensity groups), ``sensitivity_figures``,
``transitions`` and ``cooperation_figures`` (statistical figures, seaborn).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "style": ["apply_style", "cluster_palette"],
    "portrait": ["PhasePortrait", "phase_portrait"],
    "small_multiples": ["MAX_PANELS", "phase_portrait_grid"],
    "sensitivity_figures": ["plot_margins", "plot_noise", "plot_one_at_a_time",
                            "plot_threshold_map"],
    "transitions": ["plot_transition_matrix"],
    "cooperation_figures": ["plot_reported_shares", "plot_weighted_vs_unweighted"],
})
