package dev.mallard.store;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The authorization server's state: registered clients, authorization codes, refresh tokens,
 * consents, signing keys, revoked token ids and browser sessions. Secrets are looked up by hash.
 */
public interface OAuthStore {
    void insertClient(StoredClient client);

    Optional<StoredClient> findClient(String clientId);

    void insertCode(StoredAuthorizationCode code);

    Optional<StoredAuthorizationCode> findCode(String codeHash);

    /** Marks the code used if, and only if, it was not: the one place "used once" is enforced. */
    boolean markCodeUsed(String codeHash, Instant at);

    void insertRefreshToken(StoredRefreshToken token);

    Optional<StoredRefreshToken> findRefreshToken(String tokenHash);

    /** Marks the token used if it is neither used nor revoked; false when another request got there first. */
    boolean markRefreshTokenUsed(String tokenHash, Instant at);

    /** Revokes every refresh token of the grant; returns how many were still unrevoked. */
    int revokeGrant(String grantId, Instant at);

    /** The grants a user gave a client that still have an unrevoked refresh token. */
    List<String> activeGrants(String user, String clientId);

    /** Adds or replaces the user's consent for the client. */
    void putConsent(StoredConsent consent);

    Optional<StoredConsent> findConsent(String user, String clientId);

    List<StoredConsent> consents(String user);

    boolean deleteConsent(String user, String clientId);

    List<StoredSigningKey> signingKeys();

    void insertSigningKey(StoredSigningKey key);

    void retireSigningKey(String keyId, Instant at);

    /** Records a revoked token or grant id until the tokens it covers have expired. */
    void insertRevokedToken(String tokenId, Instant expiresAt);

    /** Revoked ids that have not expired yet, with their expiry. */
    Map<String, Instant> revokedTokens(Instant now);

    void insertBrowserSession(StoredBrowserSession session);

    Optional<StoredBrowserSession> findBrowserSession(String idHash);

    void deleteBrowserSession(String idHash);

    /** Deletes expired codes, refresh tokens, revoked ids and sessions; returns how many rows went. */
    int purgeExpired(Instant now);
}
