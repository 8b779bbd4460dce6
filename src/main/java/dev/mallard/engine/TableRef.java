package dev.mallard.engine;

/** A table by its full name, as DuckDB's catalog knows it. */
record TableRef(String database, String schema, String name) {
    /** The name to use in SQL, every part quoted. */
    String sql() {
        return SqlText.identifier(database) + "." + SqlText.identifier(schema) + "." + SqlText.identifier(name);
    }

    /** The name to show: database.schema.table, quoted only where needed. */
    String display() {
        return display(database) + "." + display(schema) + "." + display(name);
    }

    private static String display(String part) {
        return part.matches("[a-z_][a-z0-9_]*") ? part : SqlText.identifier(part);
    }
}
