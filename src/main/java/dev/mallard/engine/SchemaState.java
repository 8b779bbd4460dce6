package dev.mallard.engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The schemas, tables, views and columns of the served databases as one transaction sees them;
 * two states compared give the schema change a DDL statement made.
 */
record SchemaState(Map<String, Relation> relations, List<String> schemas) {
    /** A table or view: its kind, comment and columns ("name TYPE"). */
    record Relation(TableRef ref, String kind, String comment, List<String> columns) {}

    static SchemaState read(Connection connection) throws SQLException {
        Map<String, Relation> relations = new LinkedHashMap<>();
        Map<String, List<String>> columns = columns(connection);
        String sql = """
                SELECT database_name, schema_name, table_name, 'table', comment FROM duckdb_tables()
                WHERE NOT temporary AND NOT internal AND database_name NOT IN ('system', 'temp')
                UNION ALL
                SELECT database_name, schema_name, view_name, 'view', comment FROM duckdb_views()
                WHERE NOT temporary AND NOT internal AND database_name NOT IN ('system', 'temp')
                ORDER BY 1, 2, 3""";
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                TableRef ref = new TableRef(rs.getString(1), rs.getString(2), rs.getString(3));
                relations.put(ref.display(), new Relation(ref, rs.getString(4), rs.getString(5),
                        columns.getOrDefault(ref.display(), List.of())));
            }
        }
        List<String> schemas = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT database_name, schema_name FROM "
                + "duckdb_schemas() WHERE NOT internal AND database_name NOT IN ('system', 'temp') ORDER BY 1, 2");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                schemas.add(rs.getString(1) + "." + rs.getString(2));
            }
        }
        return new SchemaState(relations, schemas);
    }

    private static Map<String, List<String>> columns(Connection connection) throws SQLException {
        Map<String, List<String>> columns = new LinkedHashMap<>();
        String sql = "SELECT database_name, schema_name, table_name, column_name, data_type, is_nullable "
                + "FROM duckdb_columns() WHERE NOT internal AND database_name NOT IN ('system', 'temp') "
                + "ORDER BY database_name, schema_name, table_name, column_index";
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                TableRef ref = new TableRef(rs.getString(1), rs.getString(2), rs.getString(3));
                columns.computeIfAbsent(ref.display(), key -> new ArrayList<>())
                        .add(rs.getString(4) + " " + rs.getString(5) + (rs.getBoolean(6) ? "" : " NOT NULL"));
            }
        }
        return columns;
    }

    Relation relation(TableRef ref) {
        return relations.get(ref.display());
    }

    /** What changed from this state to the later one. */
    List<ChangeReport.SchemaChange> changesTo(SchemaState after, Connection connection) throws SQLException {
        List<ChangeReport.SchemaChange> changes = new ArrayList<>();
        for (String schema : after.schemas()) {
            if (!schemas.contains(schema)) {
                changes.add(new ChangeReport.SchemaChange(schema, "created schema", List.of()));
            }
        }
        for (Relation created : after.relations().values()) {
            if (!relations.containsKey(created.ref().display())) {
                List<String> details = new ArrayList<>();
                details.add("columns: " + String.join(", ", created.columns()));
                if (created.kind().equals("table")) {
                    details.add("rows: " + count(connection, created.ref()));
                }
                changes.add(new ChangeReport.SchemaChange(created.ref().display(), "created " + created.kind(),
                        details));
            }
        }
        for (Relation before : relations.values()) {
            Relation now = after.relations().get(before.ref().display());
            if (now == null) {
                changes.add(new ChangeReport.SchemaChange(before.ref().display(), "dropped " + before.kind(),
                        List.of("columns: " + String.join(", ", before.columns()))));
            } else {
                List<String> details = alterations(before, now);
                if (!details.isEmpty()) {
                    changes.add(new ChangeReport.SchemaChange(before.ref().display(), "altered " + before.kind(),
                            details));
                }
            }
        }
        for (String schema : schemas) {
            if (!after.schemas().contains(schema)) {
                changes.add(new ChangeReport.SchemaChange(schema, "dropped schema", List.of()));
            }
        }
        return changes;
    }

    private static List<String> alterations(Relation before, Relation after) {
        List<String> details = new ArrayList<>();
        for (String column : after.columns()) {
            if (!before.columns().contains(column)) {
                details.add("column now: " + column);
            }
        }
        for (String column : before.columns()) {
            if (!after.columns().contains(column)) {
                details.add("column was: " + column);
            }
        }
        if (!Objects.equals(before.comment(), after.comment())) {
            details.add("comment: " + quote(before.comment()) + " → " + quote(after.comment()));
        }
        return details;
    }

    private static String quote(String comment) {
        return comment == null ? "none" : "'" + comment + "'";
    }

    private static long count(Connection connection, TableRef ref) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*) FROM " + ref.sql());
                ResultSet rs = statement.executeQuery()) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
