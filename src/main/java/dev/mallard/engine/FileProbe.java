package dev.mallard.engine;

import dev.mallard.error.MallardException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * Looks at a file source's files before it is registered, with a DuckDB of its own sandboxed to the
 * source directories: which files a pattern matches, by DuckDB's own glob rules (the ones serving it
 * will use), and whether DuckDB can read them in the format given.
 */
public final class FileProbe implements AutoCloseable {
    private final Connection connection;

    public FileProbe(List<Path> readable) {
        Properties properties = new Properties();
        properties.setProperty("threads", "1");
        properties.setProperty("memory_limit", "256MB");
        properties.setProperty("autoinstall_known_extensions", "false");
        properties.setProperty("autoload_known_extensions", "false");
        properties.setProperty("allow_community_extensions", "false");
        properties.setProperty("allowed_directories", readable.stream().map(FileProbe::directory)
                .collect(Collectors.joining(", ", "[", "]")));
        properties.setProperty("enable_external_access", "false");
        properties.setProperty("lock_configuration", "true");
        try {
            this.connection = DriverManager.getConnection("jdbc:duckdb:", properties);
        } catch (SQLException e) {
            throw MallardException.configuration("DuckDB could not start to look at the files: "
                    + SqlText.engineMessage(e));
        }
    }

    /** The files {@code pattern} matches now, in name order. */
    public List<String> files(String pattern) {
        List<String> files = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("SELECT file FROM glob(?) ORDER BY file")) {
            statement.setString(1, pattern);
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    files.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw MallardException.invalidArgument("Cannot list the files of " + pattern + ": "
                    + SqlText.engineMessage(e));
        }
        return files;
    }

    /** Refuses the table unless DuckDB can read its files as its format says. */
    public void requireReadable(String table, FileScan scan) {
        try (Statement statement = connection.createStatement()) {
            statement.execute("DESCRIBE SELECT * FROM " + scan.format().reader(scan.pattern()));
        } catch (SQLException e) {
            throw MallardException.invalidArgument("Table " + table + ": the files of " + scan.pattern()
                    + " cannot be read as " + scan.format().label() + " (" + SqlText.engineMessage(e).lines()
                            .findFirst().orElse("") + "). Check the files, or say their format with --format "
                    + FileFormat.labels().replace(", ", "|") + ".");
        }
    }

    private static String directory(Path directory) {
        String path = directory.toAbsolutePath().normalize().toString();
        return SqlText.literal(path.endsWith("/") ? path : path + "/");
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // nothing was written; the connection goes away with the probe
        }
    }
}
