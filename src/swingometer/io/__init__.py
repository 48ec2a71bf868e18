"""Reading and checking tables: schemas, the shipped tables, results files, validation."""
