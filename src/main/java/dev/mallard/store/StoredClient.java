package dev.mallard.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * An OAuth client registered through Dynamic Client Registration (RFC 7591).
 *
 * @param secretHash the SHA-256 hash of the client secret, for confidential clients only
 * @param tokenEndpointAuthMethod {@code none}, {@code client_secret_basic} or {@code client_secret_post}
 * @param applicationType {@code native} or {@code web} (OpenID Connect Dynamic Client Registration)
 */
public record StoredClient(String clientId, Optional<String> secretHash, Optional<String> clientName,
        List<String> redirectUris, List<String> grantTypes, String tokenEndpointAuthMethod, String applicationType,
        Instant createdAt) {
    public StoredClient {
        redirectUris = List.copyOf(redirectUris);
        grantTypes = List.copyOf(grantTypes);
    }
}
