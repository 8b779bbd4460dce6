package dev.mallard.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** Users, grants and API keys in a SQL database (SQLite or PostgreSQL; the SQL is portable). */
final class JdbcIdentityStore implements IdentityStore {
    private static final String USER_COLUMNS = "name, password_hash, is_admin, created_at";
    private static final String GRANT_COLUMNS = "user_name, database_name, access, granted_at";
    private static final String KEY_COLUMNS = "id, user_name, name, secret_hash, scopes, created_at, expires_at, "
            + "revoked_at, last_used_at";

    private final JdbcStatements sql;

    JdbcIdentityStore(DataSource dataSource) {
        this.sql = new JdbcStatements(dataSource);
    }

    @Override
    public boolean insertUser(StoredUser user) {
        try {
            sql.update("add user " + user.name(), "INSERT INTO app_user (" + USER_COLUMNS + ") VALUES (?, ?, ?, ?)",
                    user.name(), user.passwordHash(), user.admin(), user.createdAt());
            return true;
        } catch (StoreException e) {
            if (JdbcStatements.isDuplicateKey(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<StoredUser> findUser(String name) {
        return sql.one("read user " + name, JdbcIdentityStore::user,
                "SELECT " + USER_COLUMNS + " FROM app_user WHERE name = ?", name);
    }

    @Override
    public List<StoredUser> users() {
        return sql.list("list users", JdbcIdentityStore::user, "SELECT " + USER_COLUMNS + " FROM app_user ORDER BY name");
    }

    @Override
    public boolean deleteUser(String name) {
        // Explicit deletes as well as ON DELETE CASCADE: SQLite enforces foreign keys only when asked to.
        sql.update("remove the grants of " + name, "DELETE FROM database_grant WHERE user_name = ?", name);
        sql.update("remove the keys of " + name, "DELETE FROM api_key WHERE user_name = ?", name);
        return sql.update("remove user " + name, "DELETE FROM app_user WHERE name = ?", name) == 1;
    }

    @Override
    public boolean updatePassword(String name, String passwordHash) {
        return sql.update("change the password of " + name, "UPDATE app_user SET password_hash = ? WHERE name = ?",
                passwordHash, name) == 1;
    }

    @Override
    public void putGrant(StoredGrant grant) {
        sql.update("replace a grant", "DELETE FROM database_grant WHERE user_name = ? AND database_name = ?",
                grant.user(), grant.database());
        sql.update("grant " + grant.database() + " to " + grant.user(),
                "INSERT INTO database_grant (" + GRANT_COLUMNS + ") VALUES (?, ?, ?, ?)", grant.user(),
                grant.database(), grant.access(), grant.grantedAt());
    }

    @Override
    public boolean deleteGrant(String user, String database) {
        return sql.update("revoke a grant", "DELETE FROM database_grant WHERE user_name = ? AND database_name = ?",
                user, database) > 0;
    }

    @Override
    public List<StoredGrant> grants(String user) {
        return sql.list("read the grants of " + user, JdbcIdentityStore::grant,
                "SELECT " + GRANT_COLUMNS + " FROM database_grant WHERE user_name = ? ORDER BY database_name", user);
    }

    @Override
    public List<StoredGrant> allGrants() {
        return sql.list("list grants", JdbcIdentityStore::grant,
                "SELECT " + GRANT_COLUMNS + " FROM database_grant ORDER BY user_name, database_name");
    }

    @Override
    public void insertApiKey(StoredApiKey key) {
        sql.update("store API key " + key.id(), "INSERT INTO api_key (" + KEY_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", key.id(), key.user(), key.name(), key.secretHash(),
                key.scopes(), key.createdAt(), key.expiresAt(), key.revokedAt(), key.lastUsedAt());
    }

    @Override
    public Optional<StoredApiKey> findApiKeyByHash(String secretHash) {
        return sql.one("look up an API key", JdbcIdentityStore::apiKey,
                "SELECT " + KEY_COLUMNS + " FROM api_key WHERE secret_hash = ?", secretHash);
    }

    @Override
    public Optional<StoredApiKey> findApiKey(String id) {
        return sql.one("read API key " + id, JdbcIdentityStore::apiKey,
                "SELECT " + KEY_COLUMNS + " FROM api_key WHERE id = ?", id);
    }

    @Override
    public List<StoredApiKey> apiKeys(Optional<String> user) {
        return user.isPresent()
                ? sql.list("list API keys", JdbcIdentityStore::apiKey,
                        "SELECT " + KEY_COLUMNS + " FROM api_key WHERE user_name = ? ORDER BY created_at", user.get())
                : sql.list("list API keys", JdbcIdentityStore::apiKey,
                        "SELECT " + KEY_COLUMNS + " FROM api_key ORDER BY user_name, created_at");
    }

    @Override
    public boolean revokeApiKey(String id, Instant at) {
        return sql.update("revoke API key " + id,
                "UPDATE api_key SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", at, id) == 1;
    }

    @Override
    public void touchApiKey(String id, Instant at) {
        sql.update("record the use of API key " + id, "UPDATE api_key SET last_used_at = ? WHERE id = ?", at, id);
    }

    private static StoredUser user(ResultSet rs) throws SQLException {
        return new StoredUser(rs.getString(1), Optional.ofNullable(rs.getString(2)), rs.getBoolean(3),
                Instant.ofEpochMilli(rs.getLong(4)));
    }

    private static StoredGrant grant(ResultSet rs) throws SQLException {
        return new StoredGrant(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)));
    }

    private static StoredApiKey apiKey(ResultSet rs) throws SQLException {
        return new StoredApiKey(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                Instant.ofEpochMilli(rs.getLong(6)), JdbcStatements.optionalInstant(rs, 7),
                JdbcStatements.optionalInstant(rs, 8), JdbcStatements.optionalInstant(rs, 9));
    }
}
