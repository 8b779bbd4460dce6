package dev.mallard.catalog;

import dev.mallard.engine.Identifiers;
import java.util.List;
import java.util.Optional;

/** A table or view with its columns. */
public record TableInfo(String database, String schema, String name, Kind kind, String comment,
        List<ColumnInfo> columns) {

    public enum Kind {
        TABLE,
        VIEW;

        public String label() {
            return this == TABLE ? "table" : "view";
        }
    }

    public TableInfo {
        columns = List.copyOf(columns);
    }

    /** {@code database.schema.table}, quoted where DuckDB needs it. */
    public String qualifiedName() {
        return Identifiers.qualify(database, schema, name);
    }

    /** The shortest name that reaches this table from its own database. */
    public String localName() {
        return "main".equals(schema) ? Identifiers.quoteIfNeeded(name) : Identifiers.qualify(schema, name);
    }

    public Optional<ColumnInfo> column(String columnName) {
        return columns.stream().filter(c -> c.name().equalsIgnoreCase(columnName)).findFirst();
    }
}
