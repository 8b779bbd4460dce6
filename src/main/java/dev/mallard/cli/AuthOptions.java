package dev.mallard.cli;

import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.config.UpstreamIdentityProvider;
import dev.mallard.error.MallardException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine.Option;

/** How {@code serve} authenticates HTTP requests. */
final class AuthOptions {
    @Option(names = "--auth", paramLabel = "MODE", description = "How clients authenticate: none (only on a "
            + "loopback address), keys (API keys from 'mallard keys create'), or oauth (Mallard's OAuth 2.1 "
            + "authorization server, with API keys accepted too). Default: ${DEFAULT-VALUE}.")
    AuthMode mode = AuthMode.NONE;

    @Option(names = "--allow-unauthenticated-public-access", description = "Serve without authentication on a "
            + "non-loopback address. Anyone who can reach the port can then read (and, with writes on, change) the "
            + "data. Refused without this flag.")
    boolean allowUnauthenticatedPublicAccess;

    @Option(names = "--access-token-ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long an OAuth access token is valid (default: 10m).")
    Duration accessTokenTtl = OAuthSettings.DEFAULT_ACCESS_TOKEN_TTL;

    @Option(names = "--refresh-token-ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long an OAuth refresh token stays valid without use (default: 30d).")
    Duration refreshTokenTtl = OAuthSettings.DEFAULT_REFRESH_TOKEN_TTL;

    @Option(names = "--oidc-issuer", paramLabel = "URL", description = "Sign users in with this OpenID Connect "
            + "provider instead of Mallard passwords (needs --auth oauth), e.g. https://accounts.google.com.")
    URI oidcIssuer;

    @Option(names = "--oidc-client-id", paramLabel = "ID", description = "Mallard's client id at the OpenID Connect "
            + "provider.")
    String oidcClientId;

    @Option(names = "--oidc-client-secret", paramLabel = "SECRET", description = "Mallard's client secret at the "
            + "provider. Prefer the MALLARD_OIDC_CLIENT_SECRET environment variable or the config file: a command "
            + "line is visible to other users of the machine.")
    String oidcClientSecret;

    @Option(names = "--oidc-user-claim", paramLabel = "CLAIM", description = "The ID-token claim that names the "
            + "Mallard user (default: ${DEFAULT-VALUE}).")
    String oidcUserClaim = UpstreamIdentityProvider.DEFAULT_USER_CLAIM;

    @Option(names = "--oauth-allow-private-client-metadata", hidden = true, description = "Fetch OAuth client "
            + "metadata documents from loopback and private addresses. For tests only.")
    boolean allowPrivateClientMetadata;

    AuthSettings toSettings() {
        Optional<UpstreamIdentityProvider> upstream = Optional.empty();
        if (oidcIssuer != null) {
            if (mode != AuthMode.OAUTH) {
                throw MallardException.configuration("--oidc-issuer signs users in to Mallard's OAuth server: "
                        + "add --auth oauth.");
            }
            if (oidcClientId == null || oidcClientId.isBlank() || oidcClientSecret == null || oidcClientSecret.isBlank()) {
                throw MallardException.configuration("--oidc-issuer needs --oidc-client-id and a client secret "
                        + "(MALLARD_OIDC_CLIENT_SECRET or --oidc-client-secret) registered at the provider.");
            }
            upstream = Optional.of(new UpstreamIdentityProvider(oidcIssuer, oidcClientId, oidcClientSecret,
                    oidcUserClaim));
        }
        return new AuthSettings(mode, allowUnauthenticatedPublicAccess,
                new OAuthSettings(accessTokenTtl, refreshTokenTtl, upstream, allowPrivateClientMetadata));
    }
}
