"""From untrusted bytes to checked tables: guard, child parse, reading, validation, problems, pipeline."""
