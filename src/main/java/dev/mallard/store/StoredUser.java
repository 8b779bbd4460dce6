package dev.mallard.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A Mallard user.
 *
 * @param passwordHash an Argon2id hash in PHC format; empty for users who sign in through an upstream
 *     identity provider
 */
public record StoredUser(String name, Optional<String> passwordHash, boolean admin, Instant createdAt) {}
