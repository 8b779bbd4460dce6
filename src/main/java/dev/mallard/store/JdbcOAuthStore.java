package dev.mallard.store;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;

/** The authorization server's state in a SQL database (SQLite or PostgreSQL; the SQL is portable). */
final class JdbcOAuthStore implements OAuthStore {
    private static final String CLIENT_COLUMNS = "client_id, secret_hash, client_name, redirect_uris, grant_types, "
            + "token_endpoint_auth_method, application_type, created_at";
    private static final String CODE_COLUMNS = "code_hash, client_id, user_name, redirect_uri, redirect_uri_given, "
            + "scopes, code_challenge, grant_id, created_at, expires_at, used_at";
    private static final String REFRESH_COLUMNS = "token_hash, grant_id, client_id, user_name, scopes, created_at, "
            + "expires_at, used_at, revoked_at";
    private static final String CONSENT_COLUMNS = "user_name, client_id, scopes, granted_at";
    private static final String KEY_COLUMNS = "key_id, jwk, created_at, retired_at";
    private static final String SESSION_COLUMNS = "id_hash, user_name, created_at, expires_at";

    private final JdbcStatements sql;

    JdbcOAuthStore(DataSource dataSource) {
        this.sql = new JdbcStatements(dataSource);
    }

    @Override
    public void insertClient(StoredClient client) {
        sql.update("register OAuth client " + client.clientId(), "INSERT INTO oauth_client (" + CLIENT_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)", client.clientId(), client.secretHash(), client.clientName(),
                String.join(" ", client.redirectUris()), String.join(" ", client.grantTypes()),
                client.tokenEndpointAuthMethod(), client.applicationType(), client.createdAt());
    }

    @Override
    public Optional<StoredClient> findClient(String clientId) {
        return sql.one("read OAuth client " + clientId, JdbcOAuthStore::client,
                "SELECT " + CLIENT_COLUMNS + " FROM oauth_client WHERE client_id = ?", clientId);
    }

    @Override
    public void insertCode(StoredAuthorizationCode code) {
        sql.update("store an authorization code", "INSERT INTO oauth_authorization_code (" + CODE_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", code.codeHash(), code.clientId(), code.user(),
                code.redirectUri(), code.redirectUriGiven(), code.scopes(), code.codeChallenge(), code.grantId(),
                code.createdAt(), code.expiresAt(), code.usedAt());
    }

    @Override
    public Optional<StoredAuthorizationCode> findCode(String codeHash) {
        return sql.one("read an authorization code", JdbcOAuthStore::code,
                "SELECT " + CODE_COLUMNS + " FROM oauth_authorization_code WHERE code_hash = ?", codeHash);
    }

    @Override
    public boolean markCodeUsed(String codeHash, Instant at) {
        return sql.update("use an authorization code", "UPDATE oauth_authorization_code SET used_at = ? "
                + "WHERE code_hash = ? AND used_at IS NULL", at, codeHash) == 1;
    }

    @Override
    public void insertRefreshToken(StoredRefreshToken token) {
        sql.update("store a refresh token", "INSERT INTO oauth_refresh_token (" + REFRESH_COLUMNS
                + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", token.tokenHash(), token.grantId(), token.clientId(),
                token.user(), token.scopes(), token.createdAt(), token.expiresAt(), token.usedAt(), token.revokedAt());
    }

    @Override
    public Optional<StoredRefreshToken> findRefreshToken(String tokenHash) {
        return sql.one("read a refresh token", JdbcOAuthStore::refreshToken,
                "SELECT " + REFRESH_COLUMNS + " FROM oauth_refresh_token WHERE token_hash = ?", tokenHash);
    }

    @Override
    public boolean markRefreshTokenUsed(String tokenHash, Instant at) {
        return sql.update("use a refresh token", "UPDATE oauth_refresh_token SET used_at = ? "
                + "WHERE token_hash = ? AND used_at IS NULL AND revoked_at IS NULL", at, tokenHash) == 1;
    }

    @Override
    public int revokeGrant(String grantId, Instant at) {
        return sql.update("revoke grant " + grantId, "UPDATE oauth_refresh_token SET revoked_at = ? "
                + "WHERE grant_id = ? AND revoked_at IS NULL", at, grantId);
    }

    @Override
    public List<String> activeGrants(String user, String clientId) {
        return sql.list("list the grants of " + user, rs -> rs.getString(1), "SELECT DISTINCT grant_id "
                + "FROM oauth_refresh_token WHERE user_name = ? AND client_id = ? AND revoked_at IS NULL", user,
                clientId);
    }

    @Override
    public void putConsent(StoredConsent consent) {
        deleteConsent(consent.user(), consent.clientId());
        sql.update("record the consent of " + consent.user(), "INSERT INTO oauth_consent (" + CONSENT_COLUMNS
                + ") VALUES (?, ?, ?, ?)", consent.user(), consent.clientId(), consent.scopes(), consent.grantedAt());
    }

    @Override
    public Optional<StoredConsent> findConsent(String user, String clientId) {
        return sql.one("read the consent of " + user, JdbcOAuthStore::consent, "SELECT " + CONSENT_COLUMNS
                + " FROM oauth_consent WHERE user_name = ? AND client_id = ?", user, clientId);
    }

    @Override
    public List<StoredConsent> consents(String user) {
        return sql.list("list the consents of " + user, JdbcOAuthStore::consent, "SELECT " + CONSENT_COLUMNS
                + " FROM oauth_consent WHERE user_name = ? ORDER BY granted_at DESC", user);
    }

    @Override
    public boolean deleteConsent(String user, String clientId) {
        return sql.update("withdraw the consent of " + user, "DELETE FROM oauth_consent WHERE user_name = ? "
                + "AND client_id = ?", user, clientId) > 0;
    }

    @Override
    public List<StoredSigningKey> signingKeys() {
        return sql.list("read the signing keys", JdbcOAuthStore::signingKey,
                "SELECT " + KEY_COLUMNS + " FROM oauth_signing_key ORDER BY created_at DESC, key_id");
    }

    @Override
    public void insertSigningKey(StoredSigningKey key) {
        sql.update("store signing key " + key.keyId(), "INSERT INTO oauth_signing_key (" + KEY_COLUMNS
                + ") VALUES (?, ?, ?, ?)", key.keyId(), key.jwk(), key.createdAt(), key.retiredAt());
    }

    @Override
    public void retireSigningKey(String keyId, Instant at) {
        sql.update("retire signing key " + keyId, "UPDATE oauth_signing_key SET retired_at = ? "
                + "WHERE key_id = ? AND retired_at IS NULL", at, keyId);
    }

    @Override
    public void insertRevokedToken(String tokenId, Instant expiresAt) {
        try {
            sql.update("record a revoked token", "INSERT INTO oauth_revoked_token (token_id, expires_at) "
                    + "VALUES (?, ?)", tokenId, expiresAt);
        } catch (StoreException e) {
            if (!JdbcStatements.isDuplicateKey(e)) {
                throw e;
            }
        }
    }

    @Override
    public Map<String, Instant> revokedTokens(Instant now) {
        Map<String, Instant> revoked = new LinkedHashMap<>();
        sql.list("read the revoked tokens", rs -> revoked.put(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2))),
                "SELECT token_id, expires_at FROM oauth_revoked_token WHERE expires_at > ?", now);
        return revoked;
    }

    @Override
    public void insertBrowserSession(StoredBrowserSession session) {
        sql.update("start a browser session for " + session.user(), "INSERT INTO oauth_browser_session ("
                + SESSION_COLUMNS + ") VALUES (?, ?, ?, ?)", session.idHash(), session.user(), session.createdAt(),
                session.expiresAt());
    }

    @Override
    public Optional<StoredBrowserSession> findBrowserSession(String idHash) {
        return sql.one("read a browser session", rs -> new StoredBrowserSession(rs.getString(1), rs.getString(2),
                Instant.ofEpochMilli(rs.getLong(3)), Instant.ofEpochMilli(rs.getLong(4))),
                "SELECT " + SESSION_COLUMNS + " FROM oauth_browser_session WHERE id_hash = ?", idHash);
    }

    @Override
    public void deleteBrowserSession(String idHash) {
        sql.update("end a browser session", "DELETE FROM oauth_browser_session WHERE id_hash = ?", idHash);
    }

    @Override
    public int purgeExpired(Instant now) {
        return sql.update("purge expired codes", "DELETE FROM oauth_authorization_code WHERE expires_at < ?", now)
                + sql.update("purge expired refresh tokens", "DELETE FROM oauth_refresh_token WHERE expires_at < ?", now)
                + sql.update("purge expired revocations", "DELETE FROM oauth_revoked_token WHERE expires_at < ?", now)
                + sql.update("purge expired sessions", "DELETE FROM oauth_browser_session WHERE expires_at < ?", now);
    }

    private static List<String> words(String text) {
        return text == null || text.isBlank() ? List.of() : Arrays.asList(text.strip().split(" +"));
    }

    private static StoredClient client(ResultSet rs) throws SQLException {
        return new StoredClient(rs.getString(1), Optional.ofNullable(rs.getString(2)),
                Optional.ofNullable(rs.getString(3)), words(rs.getString(4)), words(rs.getString(5)), rs.getString(6),
                rs.getString(7), Instant.ofEpochMilli(rs.getLong(8)));
    }

    private static StoredAuthorizationCode code(ResultSet rs) throws SQLException {
        return new StoredAuthorizationCode(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getBoolean(5), rs.getString(6), rs.getString(7), rs.getString(8),
                Instant.ofEpochMilli(rs.getLong(9)), Instant.ofEpochMilli(rs.getLong(10)),
                JdbcStatements.optionalInstant(rs, 11));
    }

    private static StoredRefreshToken refreshToken(ResultSet rs) throws SQLException {
        return new StoredRefreshToken(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(5), Instant.ofEpochMilli(rs.getLong(6)), Instant.ofEpochMilli(rs.getLong(7)),
                JdbcStatements.optionalInstant(rs, 8), JdbcStatements.optionalInstant(rs, 9));
    }

    private static StoredConsent consent(ResultSet rs) throws SQLException {
        return new StoredConsent(rs.getString(1), rs.getString(2), rs.getString(3), Instant.ofEpochMilli(rs.getLong(4)));
    }

    private static StoredSigningKey signingKey(ResultSet rs) throws SQLException {
        return new StoredSigningKey(rs.getString(1), rs.getString(2), Instant.ofEpochMilli(rs.getLong(3)),
                JdbcStatements.optionalInstant(rs, 4));
    }
}
