"""perflint: lint Chinese budget performance forms."""
__version__ = "0.1.0"
