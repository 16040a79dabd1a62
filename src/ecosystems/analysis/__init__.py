"""What the collection computes from classified data (every function returns a DataFrame).

Modules: ``study`` (the run's configuration), ``parameters`` (every parameter's meaning
and check), ``summaries`` (counts, changes of
type), ``sensitivity`` and ``alternatives`` (how much the cut points decide),
``cooperation`` (Resolution 779 ratios, the selection of clusters), ``support``
(Table 2 measures per cluster), ``paper_tables`` (Tables 1 and 2 in the paper's
layout, the policy paragraphs against Table 2), ``scenarios`` (named parameter files),
``highlights`` (the clusters a figure of many picks out), ``claims`` (the ledger).
"""
