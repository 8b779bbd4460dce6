package dev.mallard.oauth;

import java.util.List;
import java.util.Optional;

/**
 * A client the authorization server knows: registered through Dynamic Client Registration, or
 * described by the Client ID Metadata Document its client_id points at.
 *
 * @param secretHash the SHA-256 hash of the secret of a confidential client
 * @param tokenEndpointAuthMethod how the client authenticates at the token endpoint (RFC 7591 section 2)
 * @param metadataDocument whether the client_id is the URL of a Client ID Metadata Document
 */
public record OAuthClient(String clientId, Optional<String> clientName, List<String> redirectUris,
        List<String> grantTypes, String tokenEndpointAuthMethod, Optional<String> secretHash,
        boolean metadataDocument) {
    public static final String AUTH_NONE = "none";
    public static final String AUTH_BASIC = "client_secret_basic";
    public static final String AUTH_POST = "client_secret_post";
    public static final String AUTHORIZATION_CODE = "authorization_code";
    public static final String REFRESH_TOKEN = "refresh_token";

    public OAuthClient {
        redirectUris = List.copyOf(redirectUris);
        grantTypes = List.copyOf(grantTypes);
    }

    /** What people see the client called: its client_name, else its client_id. */
    public String displayName() {
        return clientName.filter(name -> !name.isBlank()).orElse(clientId);
    }

    public boolean isPublic() {
        return tokenEndpointAuthMethod.equals(AUTH_NONE);
    }

    public boolean allows(String grantType) {
        return grantTypes.contains(grantType);
    }
}
