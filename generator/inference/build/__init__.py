"""Building the schema: columns, relations, targets and tables."""
