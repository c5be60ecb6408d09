"""Reading a description: segments, column names, hints, values, dates and units."""
