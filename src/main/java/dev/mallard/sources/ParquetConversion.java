package dev.mallard.sources;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Turns staged NDJSON into Parquet with a DuckDB of the sync's own: in memory, for this one sync,
 * able to touch files only under Mallard's data directory and unable to change that
 * ({@code allowed_directories}, {@code enable_external_access=false}, {@code lock_configuration}, as
 * the query engine is sandboxed). Column types are inferred over every record ({@code sample_size=-1}),
 * so a field that is an integer in one record and a decimal in another becomes DOUBLE, and a field
 * missing from some records is NULL there.
 */
final class ParquetConversion implements AutoCloseable {
    private final Connection connection;

    ParquetConversion(Path root, Path spill) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("threads", "2");
        properties.setProperty("memory_limit", "512MB");
        properties.setProperty("temp_directory", spill.toString());
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        properties.setProperty("allow_community_extensions", "false");
        String directory = root.toAbsolutePath().normalize().toString();
        properties.setProperty("allowed_directories", "[" + literal(directory.endsWith("/") ? directory : directory + "/")
                + "]");
        properties.setProperty("enable_external_access", "false");
        properties.setProperty("lock_configuration", "true");
        this.connection = DriverManager.getConnection("jdbc:duckdb:", properties);
    }

    /**
     * Writes the staged records to {@code target}. Without records there is no schema to infer: the
     * file then has zero rows and one JSON column named {@code json}, as DuckDB reads an empty file.
     */
    void convert(Path staged, long rows, Path target) throws SQLException {
        String select = rows == 0 ? "SELECT NULL::JSON AS json WHERE false"
                : "SELECT * FROM read_json_auto(" + literal(staged.toString())
                        + ", format = 'newline_delimited', sample_size = -1)";
        try (Statement statement = connection.createStatement()) {
            statement.execute("COPY (" + select + ") TO " + literal(target.toString())
                    + " (FORMAT parquet, COMPRESSION zstd)");
        }
    }

    private static String literal(String value) {
        return '\'' + value.replace("'", "''") + '\'';
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
