"""Answer-quality evaluation: datasets, the ``--check`` validator, the runner, metrics and reports."""
