"""The explorer as one HTML file, no server: ``export`` (the page, :func:`write_static_explorer`),
``chart`` (its Vega-Lite chart), ``bands`` (the OECD R&D-intensity layer), ``page`` (its
HTML, style and script)."""
