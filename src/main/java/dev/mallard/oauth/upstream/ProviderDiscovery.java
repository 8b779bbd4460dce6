package dev.mallard.oauth.upstream;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.http.HTTPRequest;
import com.nimbusds.oauth2.sdk.http.HTTPResponse;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.Issuer;
import com.nimbusds.openid.connect.sdk.op.OIDCProviderMetadata;
import com.nimbusds.openid.connect.sdk.validators.IDTokenValidator;
import dev.mallard.config.UpstreamIdentityProvider;
import dev.mallard.error.MallardException;
import java.io.IOException;
import java.net.MalformedURLException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads and checks the provider's discovery document (OpenID Connect Discovery 1.0), and keeps it:
 * a provider's endpoints rarely change, so it is loaded again only once a day, and a failed reload
 * keeps the last good one.
 */
final class ProviderDiscovery {
    private static final Logger log = LoggerFactory.getLogger(ProviderDiscovery.class);
    static final Duration METADATA_LIFETIME = Duration.ofHours(24);
    /** How long signing keys are used before they are fetched again. */
    static final Duration KEYS_LIFETIME = Duration.ofMinutes(15);
    /**
     * Keys are also fetched again as soon as an ID token names a key id that is not among them (the
     * provider rotated its keys), but at most twice in this interval, so that tokens with made-up key
     * ids cannot make Mallard hammer the provider.
     */
    static final Duration KEYS_MIN_REFRESH_INTERVAL = Duration.ofSeconds(30);
    /** OpenID Connect Core 1.0 section 3.1.3.7 lets the client allow for "a small amount" of clock skew. */
    static final int MAX_CLOCK_SKEW_SECONDS = 60;
    /** Key types an ID token may be verified with: the provider's public keys, never the client secret. */
    private static final Set<JWSAlgorithm.Family> PUBLIC_KEY_ALGORITHMS = Set.of(
            JWSAlgorithm.Family.RSA, JWSAlgorithm.Family.EC, JWSAlgorithm.Family.ED);

    private final UpstreamIdentityProvider settings;
    private final Clock clock;
    private ProviderConfiguration current;

    ProviderDiscovery(UpstreamIdentityProvider settings, Clock clock) {
        this.settings = settings;
        this.clock = clock;
    }

    /** The discovery document's address: Discovery 1.0 section 4.1 drops one trailing slash of the issuer. */
    URI documentUrl() {
        String issuer = settings.issuer().toString();
        String base = issuer.endsWith("/") ? issuer.substring(0, issuer.length() - 1) : issuer;
        return URI.create(base + "/.well-known/openid-configuration");
    }

    /** The configuration, loaded when missing or a day old; a failed reload keeps the last good one. */
    synchronized ProviderConfiguration current() {
        if (current != null && clock.instant().isBefore(current.loadedAt().plus(METADATA_LIFETIME))) {
            return current;
        }
        if (current == null) {
            return reload();
        }
        try {
            return reload();
        } catch (MallardException e) {
            log.warn("Keeping the OpenID Connect provider's configuration from {}: {}", current.loadedAt(),
                    e.getMessage());
            return current;
        }
    }

    /** Loads the discovery document now; a configuration error says what is wrong and what to check. */
    synchronized ProviderConfiguration reload() {
        OIDCProviderMetadata metadata = fetch();
        ProviderConfiguration loaded = check(metadata);
        if (current == null || !current.jwksUri().equals(loaded.jwksUri())) {
            log.info("OpenID Connect provider {}: authorization at {}, tokens at {}, keys at {}",
                    loaded.issuer(), loaded.authorizationEndpoint(), loaded.tokenEndpoint(), loaded.jwksUri());
        }
        current = loaded;
        return loaded;
    }

    private OIDCProviderMetadata fetch() {
        URI url = documentUrl();
        HTTPResponse response;
        try {
            HTTPRequest request = new HTTPRequest(HTTPRequest.Method.GET, url);
            request.setAccept("application/json");
            request.setConnectTimeout(ProviderTimeouts.CONNECT_MILLIS);
            request.setReadTimeout(ProviderTimeouts.READ_MILLIS);
            // A redirect means the configured issuer is not the provider's own name for itself.
            request.setFollowRedirects(false);
            response = request.send();
        } catch (IOException e) {
            throw problem("could not be reached (" + e.getClass().getSimpleName() + ": " + e.getMessage()
                    + "). Check the URL and that this machine can reach it (DNS, firewall, proxy).");
        }
        if (response.getStatusCode() != 200) {
            String where = response.getLocation() == null ? "" : " to " + response.getLocation();
            throw problem("answered HTTP " + response.getStatusCode() + where + " instead of the discovery "
                    + "document. --oidc-issuer must be the provider's issuer URL exactly (for example "
                    + "https://accounts.google.com, or https://host/realms/NAME for Keycloak).");
        }
        try {
            return OIDCProviderMetadata.parse(response.getBody());
        } catch (ParseException e) {
            throw problem("did not answer with an OpenID Connect discovery document (" + e.getMessage() + ").");
        }
    }

    private ProviderConfiguration check(OIDCProviderMetadata metadata) {
        // Discovery 1.0 section 4.3: the issuer in the document must be identical to the one it was
        // fetched for, or tokens from one provider could be taken for another's.
        if (!metadata.getIssuer().getValue().equals(settings.issuer().toString())) {
            throw MallardException.configuration("The OpenID Connect provider at " + documentUrl() + " calls itself '"
                    + metadata.getIssuer() + "', but --oidc-issuer is '" + settings.issuer() + "'. Set --oidc-issuer "
                    + "to exactly the provider's issuer (the two must match character for character, trailing "
                    + "slash included).");
        }
        URI authorization = ProviderUrls.check(required(metadata.getAuthorizationEndpointURI(),
                "authorization_endpoint"), "authorization_endpoint");
        URI token = ProviderUrls.check(required(metadata.getTokenEndpointURI(), "token_endpoint"), "token_endpoint");
        URI jwks = ProviderUrls.check(required(metadata.getJWKSetURI(), "jwks_uri"), "jwks_uri");
        JWKSource<SecurityContext> keys = current != null && current.jwksUri().equals(jwks) ? current.keys() : keys(jwks);
        IDTokenValidator validator = new IDTokenValidator(metadata.getIssuer(), new ClientID(settings.clientId()),
                new JWSVerificationKeySelector<>(idTokenAlgorithms(metadata), keys), null);
        validator.setMaxClockSkew(MAX_CLOCK_SKEW_SECONDS);
        return new ProviderConfiguration(metadata.getIssuer(), authorization, token, jwks,
                clientAuthentication(metadata), metadata.supportsAuthorizationResponseIssuerParam(), keys, validator,
                clock.instant());
    }

    private Set<JWSAlgorithm> idTokenAlgorithms(OIDCProviderMetadata metadata) {
        List<JWSAlgorithm> advertised = metadata.getIDTokenJWSAlgs() == null ? List.of() : metadata.getIDTokenJWSAlgs();
        Set<JWSAlgorithm> usable = advertised.stream()
                .filter(algorithm -> PUBLIC_KEY_ALGORITHMS.stream().anyMatch(family -> family.contains(algorithm)))
                .collect(Collectors.toUnmodifiableSet());
        if (usable.isEmpty()) {
            throw problem("signs ID tokens only with " + advertised + "; Mallard needs a public-key algorithm "
                    + "such as RS256 or ES256.");
        }
        return usable;
    }

    /** client_secret_basic unless the provider supports only client_secret_post (Discovery 1.0 section 3). */
    private ClientAuthenticationMethod clientAuthentication(OIDCProviderMetadata metadata) {
        List<ClientAuthenticationMethod> supported = metadata.getTokenEndpointAuthMethods();
        if (supported == null || supported.isEmpty() || supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_BASIC)) {
            return ClientAuthenticationMethod.CLIENT_SECRET_BASIC;
        }
        if (supported.contains(ClientAuthenticationMethod.CLIENT_SECRET_POST)) {
            return ClientAuthenticationMethod.CLIENT_SECRET_POST;
        }
        throw problem("accepts only " + supported + " at its token endpoint; Mallard authenticates with a client "
                + "secret (client_secret_basic or client_secret_post).");
    }

    private static JWKSource<SecurityContext> keys(URI jwksUri) {
        try {
            return JWKSourceBuilder.<SecurityContext>create(jwksUri.toURL(), new DefaultResourceRetriever(
                            ProviderTimeouts.CONNECT_MILLIS, ProviderTimeouts.READ_MILLIS, ProviderTimeouts.JWK_SET_SIZE_LIMIT))
                    .cache(KEYS_LIFETIME.toMillis(), ProviderTimeouts.READ_MILLIS)
                    .refreshAheadCache(false)
                    .rateLimited(KEYS_MIN_REFRESH_INTERVAL.toMillis())
                    .retrying(false)
                    .build();
        } catch (MalformedURLException e) {
            throw MallardException.configuration("The OpenID Connect provider's jwks_uri " + jwksUri
                    + " is not a URL Mallard can fetch.");
        }
    }

    private <T> T required(T value, String name) {
        if (value == null) {
            throw problem("has no " + name + " in its discovery document; Mallard needs the authorization code flow.");
        }
        return value;
    }

    private MallardException problem(String what) {
        return MallardException.configuration("The OpenID Connect provider " + settings.issuer() + " (discovery "
                + "document " + documentUrl() + ") " + what);
    }
}
