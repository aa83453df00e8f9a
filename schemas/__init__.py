"""JSON Schemas: the form model, the configuration and the JSON report."""
