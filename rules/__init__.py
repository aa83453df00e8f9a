"""Built-in rules: one module per rule."""
