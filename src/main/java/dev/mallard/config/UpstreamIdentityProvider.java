package dev.mallard.config;

import java.net.URI;

/**
 * An OpenID Connect provider that signs users in for Mallard's authorization server, instead of
 * Mallard's own passwords.
 *
 * @param issuer the provider's issuer URL (its discovery document is at /.well-known/openid-configuration)
 * @param clientSecret Mallard's secret at the provider; never logged
 * @param userClaim the ID-token claim that names the Mallard user ({@code email} unless set)
 */
public record UpstreamIdentityProvider(URI issuer, String clientId, String clientSecret, String userClaim) {
    public static final String DEFAULT_USER_CLAIM = "email";

    @Override
    public String toString() {
        return "UpstreamIdentityProvider[issuer=" + issuer + ", clientId=" + clientId + ", userClaim=" + userClaim + "]";
    }
}
