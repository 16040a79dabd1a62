"""The paper's typology: cut points, the one classification rule, sweeps, ways to choose cuts.

Modules: ``thresholds`` (:class:`Thresholds` and the rule that checks cut
points), ``rule`` (values to levels to the nine types), ``sweeps`` (many
threshold sets at once), ``cut_methods`` (tertiles, Fisher-Jenks natural breaks).
"""
