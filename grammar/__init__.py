"""Lark grammars of perflint (loaded with Lark.open_from_package)."""
