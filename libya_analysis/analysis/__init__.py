"""What the notebooks and `evaluate` compute from a tagged store."""
