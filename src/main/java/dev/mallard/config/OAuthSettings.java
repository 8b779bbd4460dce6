package dev.mallard.config;

import dev.mallard.error.MallardException;
import java.time.Duration;
import java.util.Optional;

/**
 * Mallard's OAuth 2.1 authorization server.
 *
 * @param accessTokenTtl how long an access token is valid (short: a revoked grant takes effect within it)
 * @param refreshTokenTtl how long a refresh token family lives without use
 * @param upstream the OpenID Connect provider users sign in with, instead of Mallard passwords
 * @param allowPrivateClientMetadata whether Client ID Metadata Documents may be fetched from loopback
 *     and private addresses (tests only: it would let a client make the server call internal hosts)
 */
public record OAuthSettings(Duration accessTokenTtl, Duration refreshTokenTtl,
        Optional<UpstreamIdentityProvider> upstream, boolean allowPrivateClientMetadata) {
    public static final Duration DEFAULT_ACCESS_TOKEN_TTL = Duration.ofMinutes(10);
    public static final Duration DEFAULT_REFRESH_TOKEN_TTL = Duration.ofDays(30);

    public OAuthSettings {
        if (accessTokenTtl.isNegative() || accessTokenTtl.isZero() || accessTokenTtl.compareTo(Duration.ofDays(1)) > 0) {
            throw MallardException.configuration("--access-token-ttl must be between 1s and 24h (got "
                    + accessTokenTtl + ").");
        }
        if (refreshTokenTtl.compareTo(accessTokenTtl) < 0) {
            throw MallardException.configuration("--refresh-token-ttl must be at least the access token's lifetime.");
        }
    }

    public static OAuthSettings defaults() {
        return new OAuthSettings(DEFAULT_ACCESS_TOKEN_TTL, DEFAULT_REFRESH_TOKEN_TTL, Optional.empty(), false);
    }
}
