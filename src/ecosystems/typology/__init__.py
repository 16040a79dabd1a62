"""The paper's typology: cut points, the one classification rule, sweeps, ways to choose cuts.

Modules: ``thresholds`` (:class:`Thresholds` and the rule that checks cut
points), ``rule`` (values to levels to the nine types), ``sweeps`` (many
threshold sets at once), ``cut_methods`` (tertiles, Fisher-Jenks natural breaks).
"""

import lazy_loader

__getattr__, __dir__, __all__ = lazy_loader.attach(__name__, submod_attrs={
    "thresholds": ["CUT_COLUMNS", "Thresholds", "cut_table", "threshold_array"],
    "rule": ["classify", "combine_levels", "dysfunction_types", "level_codes", "type_codes",
             "type_grid"],
    "sweeps": ["sweep", "sweep_summary"],
    "cut_methods": ["alternative_classification", "method_thresholds"],
})
