"""Tag and analyse English news coverage of ISIS and armed conflict in Libya."""

__version__ = "0.1.0"

SCHEMA_VERSION = "1.0"
