package dev.mallard.store;

import java.time.Instant;
import java.util.Optional;

/**
 * A key that signs access tokens.
 *
 * @param jwk the key as a JSON Web Key, private part included
 * @param retiredAt when a newer key replaced it; it still verifies tokens for a while after
 */
public record StoredSigningKey(String keyId, String jwk, Instant createdAt, Optional<Instant> retiredAt) {
    @Override
    public String toString() {
        return "StoredSigningKey[keyId=" + keyId + ", createdAt=" + createdAt + ", retiredAt=" + retiredAt + "]";
    }
}
