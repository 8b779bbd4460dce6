package dev.mallard.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Users, their grants and their API keys. */
public interface IdentityStore {
    /** Adds a user; false when the name is taken. */
    boolean insertUser(StoredUser user);

    Optional<StoredUser> findUser(String name);

    List<StoredUser> users();

    /** Removes a user with their grants and keys; false when there was no such user. */
    boolean deleteUser(String name);

    boolean updatePassword(String name, String passwordHash);

    /** Adds or replaces the user's grant on the database. */
    void putGrant(StoredGrant grant);

    boolean deleteGrant(String user, String database);

    List<StoredGrant> grants(String user);

    List<StoredGrant> allGrants();

    void insertApiKey(StoredApiKey key);

    Optional<StoredApiKey> findApiKeyByHash(String secretHash);

    Optional<StoredApiKey> findApiKey(String id);

    List<StoredApiKey> apiKeys(Optional<String> user);

    /** Marks the key revoked; false when it does not exist or already was. */
    boolean revokeApiKey(String id, Instant at);

    void touchApiKey(String id, Instant at);
}
