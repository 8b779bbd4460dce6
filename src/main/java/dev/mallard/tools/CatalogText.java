package dev.mallard.tools;

import dev.mallard.catalog.ColumnInfo;
import dev.mallard.catalog.DatabaseInfo;
import dev.mallard.catalog.TableInfo;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Catalog objects in one line of text, worded the same in every tool's answer and in the server
 * instructions. Comments are left to the caller, which may shorten them. DuckDB's comments follow a
 * dash; Mallard's annotations are in brackets labelled {@code annotation}.
 */
public final class CatalogText {
    private CatalogText() {}

    /** {@code demo (default, read-only, 4 tables)} */
    public static String database(DatabaseInfo database, int tables) {
        return database.name() + " (" + (database.isDefault() ? "default, " : "")
                + (database.writable() ? "read-write" : "read-only") + ", "
                + QueryResultView.count(tables, "table") + ")";
    }

    /** {@code main.orders (table, 1,234 rows)} under the given name; a view has no row count. */
    public static String table(String name, TableInfo table, OptionalLong rows) {
        StringBuilder text = new StringBuilder(name).append(" (").append(table.kind().label());
        rows.ifPresent(n -> text.append(", ").append(QueryResultView.count(n, "row")));
        return text.append(')').toString();
    }

    /**
     * A table's description as describe_table and the table resources give it: the name line with the
     * comment and annotation, then one line per column with its annotation and the note learned from
     * the data.
     */
    public static String tableDescription(TableInfo table, OptionalLong rowCount, Map<String, String> notes,
            TableAnnotations annotations) {
        StringBuilder text = new StringBuilder(table(table.qualifiedName(), table, rowCount));
        if (table.comment() != null) {
            text.append(": ").append(table.comment());
        }
        annotations.table().ifPresent(annotation -> text.append(AnnotationView.bracketed(annotation)));
        text.append("\nColumns:\n");
        for (ColumnInfo column : table.columns()) {
            text.append("  ").append(column(column, annotations));
            if (notes.containsKey(column.name())) {
                text.append(" [note: ").append(notes.get(column.name())).append(']');
            }
            text.append('\n');
        }
        return text.toString();
    }

    /** {@code email VARCHAR NOT NULL — Lowercase address} */
    static String column(ColumnInfo column) {
        return column.name() + " " + column.type() + (column.nullable() ? "" : " NOT NULL")
                + (column.comment() == null ? "" : " — " + column.comment());
    }

    /** The column line followed by its annotation: {@code email VARCHAR — Lowercase [annotation: …; PII]} */
    static String column(ColumnInfo column, TableAnnotations annotations) {
        return column(column) + annotations.column(column.name()).map(AnnotationView::bracketed).orElse("");
    }
}
