package dev.mallard.catalog;

import dev.mallard.engine.ServedDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/** Reads DuckDB's metadata functions into a {@link CatalogSnapshot}. */
final class CatalogLoader {
    private static final Set<String> HIDDEN_SCHEMAS = Set.of("information_schema", "pg_catalog");

    private CatalogLoader() {}

    static CatalogSnapshot load(Connection connection, List<ServedDatabase> served) throws SQLException {
        Set<String> names = served.stream().map(ServedDatabase::name).collect(Collectors.toSet());
        Map<String, String> databaseComments = databaseComments(connection);
        List<DatabaseInfo> databases = new ArrayList<>();
        for (ServedDatabase database : served) {
            databases.add(new DatabaseInfo(database.name(), database.location(), database.writable(),
                    databases.isEmpty(), databaseComments.get(database.name())));
        }
        return new CatalogSnapshot(databases, schemas(connection, names), tables(connection, names));
    }

    private static Map<String, String> databaseComments(Connection connection) throws SQLException {
        Map<String, String> comments = new LinkedHashMap<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT database_name, comment FROM duckdb_databases() WHERE NOT internal");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                comments.put(rs.getString(1), rs.getString(2));
            }
        }
        return comments;
    }

    private static List<SchemaInfo> schemas(Connection connection, Set<String> served) throws SQLException {
        List<SchemaInfo> schemas = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "SELECT database_name, schema_name, comment FROM duckdb_schemas() ORDER BY database_name, schema_name");
                ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                if (served.contains(rs.getString(1)) && !HIDDEN_SCHEMAS.contains(rs.getString(2))) {
                    schemas.add(new SchemaInfo(rs.getString(1), rs.getString(2), rs.getString(3)));
                }
            }
        }
        return schemas;
    }

    private static List<TableInfo> tables(Connection connection, Set<String> served) throws SQLException {
        Map<String, List<ColumnInfo>> columns = columns(connection, served);
        List<TableInfo> tables = new ArrayList<>();
        String sql = """
                SELECT database_name, schema_name, table_name, 'TABLE' AS kind, comment FROM duckdb_tables()
                WHERE NOT temporary AND NOT internal
                UNION ALL
                SELECT database_name, schema_name, view_name, 'VIEW', comment FROM duckdb_views()
                WHERE NOT temporary AND NOT internal
                ORDER BY 1, 2, 3""";
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                String database = rs.getString(1);
                if (!served.contains(database) || HIDDEN_SCHEMAS.contains(rs.getString(2))) {
                    continue;
                }
                String key = key(database, rs.getString(2), rs.getString(3));
                tables.add(new TableInfo(database, rs.getString(2), rs.getString(3),
                        TableInfo.Kind.valueOf(rs.getString(4)), rs.getString(5), columns.getOrDefault(key, List.of())));
            }
        }
        return tables;
    }

    private static Map<String, List<ColumnInfo>> columns(Connection connection, Set<String> served) throws SQLException {
        Map<String, List<ColumnInfo>> columns = new LinkedHashMap<>();
        String sql = """
                SELECT database_name, schema_name, table_name, column_name, data_type, is_nullable, comment,
                       column_default
                FROM duckdb_columns() WHERE NOT internal
                ORDER BY database_name, schema_name, table_name, column_index""";
        try (PreparedStatement statement = connection.prepareStatement(sql); ResultSet rs = statement.executeQuery()) {
            while (rs.next()) {
                if (!served.contains(rs.getString(1))) {
                    continue;
                }
                columns.computeIfAbsent(key(rs.getString(1), rs.getString(2), rs.getString(3)), k -> new ArrayList<>())
                        .add(new ColumnInfo(rs.getString(4), rs.getString(5), rs.getBoolean(6), rs.getString(7),
                                rs.getString(8)));
            }
        }
        return columns;
    }

    private static String key(String database, String schema, String table) {
        return database + '\u0000' + schema + '\u0000' + table;
    }
}
