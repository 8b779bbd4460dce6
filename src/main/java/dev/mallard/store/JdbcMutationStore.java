package dev.mallard.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** Pending mutations in a SQL database (SQLite or PostgreSQL; the SQL is portable). */
final class JdbcMutationStore implements MutationStore {
    private static final String COLUMNS = "id, principal, database_name, sql_text, preview, plan, status, created_at, "
            + "expires_at, decided_at, outcome";

    private final DataSource dataSource;

    JdbcMutationStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void insert(StoredMutation mutation) {
        String sql = "INSERT INTO pending_mutation (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, mutation.id());
            statement.setString(2, mutation.principal());
            statement.setString(3, mutation.database());
            statement.setString(4, mutation.sql());
            statement.setString(5, mutation.preview());
            statement.setString(6, mutation.plan());
            statement.setString(7, mutation.status().name());
            statement.setLong(8, mutation.createdAt().toEpochMilli());
            statement.setLong(9, mutation.expiresAt().toEpochMilli());
            JdbcValues.setInstant(statement, 10, mutation.decidedAt());
            statement.setString(11, mutation.outcome());
            statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Could not store mutation " + mutation.id(), e);
        }
    }

    @Override
    public Optional<StoredMutation> find(String id) {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(
                        "SELECT " + COLUMNS + " FROM pending_mutation WHERE id = ?")) {
            statement.setString(1, id);
            try (ResultSet rs = statement.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StoreException("Could not read mutation " + id, e);
        }
    }

    @Override
    public boolean transition(String id, MutationStatus from, MutationStatus to, Instant at, String outcome) {
        String sql = "UPDATE pending_mutation SET status = ?, decided_at = ?, outcome = coalesce(?, outcome) "
                + "WHERE id = ? AND status = ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, to.name());
            statement.setLong(2, at.toEpochMilli());
            statement.setString(3, outcome);
            statement.setString(4, id);
            statement.setString(5, from.name());
            return statement.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StoreException("Could not update mutation " + id, e);
        }
    }

    @Override
    public int expire(Instant now) {
        String sql = "UPDATE pending_mutation SET status = ?, decided_at = ? WHERE status = ? AND expires_at <= ?";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setString(1, MutationStatus.EXPIRED.name());
            statement.setLong(2, now.toEpochMilli());
            statement.setString(3, MutationStatus.PENDING.name());
            statement.setLong(4, now.toEpochMilli());
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StoreException("Could not expire mutations", e);
        }
    }

    private static StoredMutation read(ResultSet rs) throws SQLException {
        return new StoredMutation(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), rs.getString(6), MutationStatus.valueOf(rs.getString(7)),
                Instant.ofEpochMilli(rs.getLong(8)), Instant.ofEpochMilli(rs.getLong(9)), JdbcValues.getInstant(rs, 10),
                rs.getString(11));
    }
}
