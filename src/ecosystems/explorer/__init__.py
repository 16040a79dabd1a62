"""The threshold explorer: its state (``state``), the tables and figure computed from it
(``views``), the figure (``render``), table styles (``styling``), words in both
languages (``labels``), the cut controls
(``controls``), the widget page and its server (``app``), the claims'
verdicts precomputed for the page without a server (``verdicts``), and that page
(``static/``: the explorer as one HTML file)."""
