package dev.mallard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The audit log in a SQL database (SQLite or PostgreSQL; the SQL is portable). */
final class JdbcAuditStore implements AuditStore {
    private static final String COLUMNS = "occurred_at, principal, client_id, client_name, client_version, session_id, tool, "
            + "database_name, sql_text, mutation_id, outcome, rows_returned, bytes_returned, duration_ms, error_text";

    private final DataSource dataSource;

    JdbcAuditStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void append(List<AuditEntry> entries) {
        if (entries.isEmpty()) {
            return;
        }
        String sql = "INSERT INTO audit_entry (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try (PreparedStatement statement = connection.prepareStatement(sql)) {
                for (AuditEntry entry : entries) {
                    bind(statement, entry);
                    statement.addBatch();
                }
                statement.executeBatch();
                connection.commit();
            } catch (SQLException e) {
                connection.rollback();
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        } catch (SQLException e) {
            throw new StoreException("Could not write " + entries.size() + " audit entries", e);
        }
    }

    @Override
    public List<AuditEntry> recent(AuditQuery query) {
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM audit_entry WHERE 1 = 1");
        List<Object> parameters = new ArrayList<>();
        if (query.since() != null) {
            sql.append(" AND occurred_at >= ?");
            parameters.add(query.since().toEpochMilli());
        }
        if (query.tool() != null) {
            sql.append(" AND tool = ?");
            parameters.add(query.tool());
        }
        if (query.principal() != null) {
            sql.append(" AND principal = ?");
            parameters.add(query.principal());
        }
        sql.append(" ORDER BY occurred_at DESC, id DESC LIMIT ?");
        parameters.add(query.limit());
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql.toString())) {
            for (int i = 0; i < parameters.size(); i++) {
                statement.setObject(i + 1, parameters.get(i));
            }
            List<AuditEntry> entries = new ArrayList<>();
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    entries.add(read(rs));
                }
            }
            return entries;
        } catch (SQLException e) {
            throw new StoreException("Could not read the audit log", e);
        }
    }

    private static void bind(PreparedStatement statement, AuditEntry entry) throws SQLException {
        statement.setLong(1, entry.time().toEpochMilli());
        statement.setString(2, entry.principal());
        statement.setString(3, entry.clientId());
        statement.setString(4, entry.clientName());
        statement.setString(5, entry.clientVersion());
        statement.setString(6, entry.sessionId());
        statement.setString(7, entry.tool());
        statement.setString(8, entry.database());
        statement.setString(9, entry.sql());
        statement.setString(10, entry.mutationId());
        statement.setString(11, entry.outcome());
        JdbcValues.setLong(statement, 12, entry.rowsReturned());
        JdbcValues.setLong(statement, 13, entry.bytesReturned());
        statement.setLong(14, entry.durationMillis());
        statement.setString(15, entry.error());
    }

    private static AuditEntry read(ResultSet rs) throws SQLException {
        return new AuditEntry(Instant.ofEpochMilli(rs.getLong(1)), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getString(10),
                rs.getString(11), JdbcValues.getLong(rs, 12), JdbcValues.getLong(rs, 13), rs.getLong(14),
                rs.getString(15));
    }
}
