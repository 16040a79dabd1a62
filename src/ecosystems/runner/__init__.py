"""Running the collection: the notebook runner (``pipeline``, papermill) and the command line
(``cli``, ``python -m ecosystems``)."""
