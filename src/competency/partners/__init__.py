"""Partner data: reading YAML and JSON safely, checking it against the schema, the Partner model."""
