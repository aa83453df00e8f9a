"""Data tables: units, indicator taxonomy profiles, message catalogues."""
