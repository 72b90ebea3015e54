"""`manage.py` commands: thin shells over the analysis engine."""
