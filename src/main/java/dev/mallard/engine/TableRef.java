package dev.mallard.engine;

/** A table by its full name, as DuckDB's catalog knows it. */
record TableRef(String database, String schema, String name) {
    /** The name to use in SQL, every part quoted. */
    String sql() {
        return SqlText.identifier(database) + "." + SqlText.identifier(schema) + "." + SqlText.identifier(name);
    }

    /** The name to show: database.schema.table, quoted only where needed. */
    String display() {
        return Identifiers.qualify(database, schema, name);
    }
}
