package dev.mallard.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Annotations in a SQL database (SQLite or PostgreSQL; the SQL is portable). */
final class JdbcAnnotationStore implements AnnotationStore {
    private static final String COLUMNS = "database_name, schema_name, table_name, column_name, description, note, "
            + "pii, updated_by, updated_at";
    private static final String KEY = "database_name = ? AND schema_name = ? AND table_name = ? AND column_name = ?";
    /** How the key stores "the table itself": DuckDB has no empty identifiers. */
    private static final String TABLE_ITSELF = "";

    private final JdbcStatements sql;

    JdbcAnnotationStore(DataSource dataSource) {
        this.sql = new JdbcStatements(dataSource);
    }

    @Override
    public Optional<StoredAnnotation> find(String database, String schema, String table, Optional<String> column) {
        return sql.one("read an annotation", JdbcAnnotationStore::annotation,
                "SELECT " + COLUMNS + " FROM annotation WHERE " + KEY, database, schema, table, key(column));
    }

    @Override
    public void put(StoredAnnotation annotation) {
        // An upsert (SQLite and PostgreSQL both have it), so two writers of one key cannot collide.
        sql.update("store an annotation", "INSERT INTO annotation (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (database_name, schema_name, table_name, column_name) DO UPDATE SET "
                        + "description = excluded.description, note = excluded.note, pii = excluded.pii, "
                        + "updated_by = excluded.updated_by, updated_at = excluded.updated_at",
                annotation.database(), annotation.schema(), annotation.table(), key(annotation.column()),
                annotation.description(), annotation.note(), annotation.pii(), annotation.updatedBy(),
                annotation.updatedAt());
    }

    @Override
    public boolean delete(String database, String schema, String table, Optional<String> column) {
        return sql.update("remove an annotation", "DELETE FROM annotation WHERE " + KEY, database, schema, table,
                key(column)) > 0;
    }

    @Override
    public List<StoredAnnotation> table(String database, String schema, String table) {
        return sql.list("read the annotations of a table", JdbcAnnotationStore::annotation,
                "SELECT " + COLUMNS + " FROM annotation WHERE database_name = ? AND schema_name = ? AND table_name = ?",
                database, schema, table);
    }

    @Override
    public List<StoredAnnotation> all() {
        return sql.list("read the annotations", JdbcAnnotationStore::annotation, "SELECT " + COLUMNS
                + " FROM annotation ORDER BY database_name, schema_name, table_name, column_name");
    }

    private static String key(Optional<String> column) {
        return column.orElse(TABLE_ITSELF);
    }

    private static StoredAnnotation annotation(ResultSet rs) throws SQLException {
        String column = rs.getString(4);
        return new StoredAnnotation(rs.getString(1), rs.getString(2), rs.getString(3),
                column.equals(TABLE_ITSELF) ? Optional.empty() : Optional.of(column),
                Optional.ofNullable(rs.getString(5)), Optional.ofNullable(rs.getString(6)), rs.getBoolean(7),
                rs.getString(8), JdbcValues.getInstant(rs, 9));
    }
}
