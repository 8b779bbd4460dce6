package dev.mallard.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Sources in a SQL database (SQLite or PostgreSQL; the SQL is portable). */
final class JdbcSourceStore implements SourceStore {
    private static final String COLUMNS = "s.name, s.kind, s.spec, s.every_ms, s.stale_after_ms, "
            + "k.source_name IS NOT NULL, s.created_by, s.created_at, s.last_attempt_at, s.last_success_at, "
            + "s.last_error, s.version, s.table_rows";
    private static final String FROM = " FROM source s LEFT JOIN source_secret k ON k.source_name = s.name";

    private final JdbcStatements sql;

    JdbcSourceStore(DataSource dataSource) {
        this.sql = new JdbcStatements(dataSource);
    }

    @Override
    public boolean add(StoredSource source, Optional<String> secret) {
        try {
            sql.update("register a source", "INSERT INTO source (name, kind, spec, every_ms, stale_after_ms, "
                            + "created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)", source.name(), source.kind(),
                    source.spec(), source.every().map(Duration::toMillis), source.staleAfter().map(Duration::toMillis),
                    source.createdBy(), source.createdAt());
        } catch (StoreException e) {
            if (JdbcStatements.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
        if (secret.isPresent()) {
            try {
                sql.update("store a source's secret", "INSERT INTO source_secret (source_name, secret) VALUES (?, ?)",
                        source.name(), secret.get());
            } catch (StoreException e) {
                remove(source.name());
                throw e;
            }
        }
        return true;
    }

    @Override
    public boolean update(StoredSource source, Optional<String> secret, boolean resetSync) {
        String reset = resetSync ? ", created_at = ?, last_attempt_at = NULL, last_success_at = NULL, "
                + "last_error = NULL, version = NULL, table_rows = NULL" : "";
        Object[] values = resetSync
                ? new Object[] {source.kind(), source.spec(), source.every().map(Duration::toMillis),
                        source.staleAfter().map(Duration::toMillis), source.createdAt(), source.name(),
                        source.createdBy()}
                : new Object[] {source.kind(), source.spec(), source.every().map(Duration::toMillis),
                        source.staleAfter().map(Duration::toMillis), source.name(), source.createdBy()};
        int updated = sql.update("replace a source", "UPDATE source SET kind = ?, spec = ?, every_ms = ?, "
                + "stale_after_ms = ?" + reset + " WHERE name = ? AND created_by = ?", values);
        if (updated == 0) {
            return false;
        }
        sql.update("replace a source's secret", "DELETE FROM source_secret WHERE source_name = ?", source.name());
        if (secret.isPresent()) {
            try {
                sql.update("replace a source's secret", "INSERT INTO source_secret (source_name, secret) VALUES (?, ?)",
                        source.name(), secret.get());
            } catch (StoreException e) {
                // Another replica applying the same config stored it between the two statements.
                if (!JdbcStatements.isDuplicateKey(e)) {
                    throw e;
                }
            }
        }
        return true;
    }

    @Override
    public Optional<StoredSource> find(String name) {
        return sql.one("read a source", JdbcSourceStore::source, "SELECT " + COLUMNS + FROM + " WHERE s.name = ?",
                name);
    }

    @Override
    public List<StoredSource> list() {
        return sql.list("read the sources", JdbcSourceStore::source, "SELECT " + COLUMNS + FROM + " ORDER BY s.name");
    }

    @Override
    public boolean remove(String name) {
        sql.update("remove a source's secret", "DELETE FROM source_secret WHERE source_name = ?", name);
        return sql.update("remove a source", "DELETE FROM source WHERE name = ?", name) > 0;
    }

    @Override
    public Optional<String> secret(String name) {
        return sql.one("read a source's secret", rs -> rs.getString(1),
                "SELECT secret FROM source_secret WHERE source_name = ?", name);
    }

    @Override
    public void recordSuccess(String name, Instant at, String version, String tableRows) {
        sql.update("record a sync", "UPDATE source SET last_attempt_at = ?, last_success_at = ?, last_error = NULL, "
                + "version = ?, table_rows = ? WHERE name = ?", at, at, version, tableRows, name);
    }

    @Override
    public void recordFailure(String name, Instant at, String error) {
        sql.update("record a failed sync", "UPDATE source SET last_attempt_at = ?, last_error = ? WHERE name = ?", at,
                error, name);
    }

    private static StoredSource source(ResultSet rs) throws SQLException {
        return new StoredSource(rs.getString(1), rs.getString(2), rs.getString(3), duration(rs, 4), duration(rs, 5),
                rs.getBoolean(6), rs.getString(7), JdbcValues.getInstant(rs, 8),
                new StoredSource.SyncState(JdbcStatements.optionalInstant(rs, 9), JdbcStatements.optionalInstant(rs, 10),
                        Optional.ofNullable(rs.getString(11)), Optional.ofNullable(rs.getString(12)),
                        Optional.ofNullable(rs.getString(13))));
    }

    private static Optional<Duration> duration(ResultSet rs, int column) throws SQLException {
        return Optional.ofNullable(JdbcValues.getLong(rs, column)).map(Duration::ofMillis);
    }
}
