"""The database: schema, engine from a URL, SQL building blocks."""
