package dev.mallard.oauth;

import dev.mallard.auth.AccessTokenVerifier;
import dev.mallard.auth.UserDirectory;
import dev.mallard.config.OAuthSettings;
import dev.mallard.store.OAuthStore;
import java.net.URI;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mallard's OAuth 2.1 authorization server, as the logic the HTTP endpoints call: clients (DCR and
 * metadata documents), authorization requests and codes, consent, browser sign-in, tokens,
 * revocation, signing keys, and the verifier the MCP endpoint checks access tokens with.
 */
public final class AuthorizationServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(AuthorizationServer.class);

    private final OAuthUrls urls;
    private final OAuthStore store;
    private final SigningKeys keys;
    private final Clients clients;
    private final ClientRegistration registration;
    private final AuthorizationRequests authorizationRequests;
    private final Authorizations authorizations;
    private final Consents consents;
    private final BrowserSessions sessions;
    private final PasswordLogin passwordLogin;
    private final TokenService tokens;
    private final TokenRevocation revocation;
    private final JwtAccessTokenVerifier verifier;
    private final ServerMetadata metadata;
    private final ScheduledExecutorService housekeeping;

    private AuthorizationServer(OAuthStore store, UserDirectory users, OAuthSettings settings,
            Supplier<URI> baseUrl, Clock clock) {
        this.urls = new OAuthUrls(baseUrl);
        this.store = store;
        this.keys = SigningKeys.open(store, clock, settings.accessTokenTtl());
        this.clients = new Clients(store, new ClientMetadataDocuments(settings.allowPrivateClientMetadata(), clock));
        this.registration = new ClientRegistration(store, clock);
        RevocationList revocations = new RevocationList(store, clock);
        AccessTokens accessTokens = new AccessTokens(keys, urls, settings.accessTokenTtl(), clock);
        Grants grants = new Grants(store, accessTokens, revocations, settings.refreshTokenTtl(), clock);
        this.consents = new Consents(store, grants, clients, clock);
        this.authorizationRequests = new AuthorizationRequests(clients, urls);
        this.authorizations = new Authorizations(store, users, consents, urls, clock);
        this.sessions = new BrowserSessions(store, users, clock);
        this.passwordLogin = new PasswordLogin(users, new LoginThrottle(clock));
        ClientAuthenticator clientAuthenticator = new ClientAuthenticator(clients);
        this.tokens = new TokenService(clientAuthenticator,
                new AuthorizationCodeGrant(store, grants, users, urls, clock),
                new RefreshTokenGrant(store, grants, users, urls, clock));
        this.revocation = new TokenRevocation(clientAuthenticator, store, grants, keys);
        this.verifier = new JwtAccessTokenVerifier(keys, urls, revocations, users, clock);
        this.metadata = new ServerMetadata(urls);
        this.housekeeping = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().daemon().name("mallard-oauth-housekeeping").factory());
        housekeeping.scheduleWithFixedDelay(() -> purge(clock), 1, 60, TimeUnit.MINUTES);
    }

    /**
     * Opens the authorization server on the state store, generating the first signing key when there
     * is none.
     *
     * @param baseUrl the server's public base URL, read when needed (the port may be known only later)
     */
    public static AuthorizationServer open(OAuthStore store, UserDirectory users, OAuthSettings settings,
            Supplier<URI> baseUrl, Clock clock) {
        return new AuthorizationServer(store, users, settings, baseUrl, clock);
    }

    private void purge(Clock clock) {
        try {
            int purged = store.purgeExpired(clock.instant());
            log.debug("Purged {} expired OAuth rows", purged);
        } catch (RuntimeException e) {
            log.warn("Could not purge expired OAuth codes and tokens: {}", e.getMessage());
        }
    }

    public OAuthUrls urls() {
        return urls;
    }

    public ServerMetadata metadata() {
        return metadata;
    }

    public SigningKeys signingKeys() {
        return keys;
    }

    public Clients clients() {
        return clients;
    }

    public ClientRegistration registration() {
        return registration;
    }

    public AuthorizationRequests authorizationRequests() {
        return authorizationRequests;
    }

    public Authorizations authorizations() {
        return authorizations;
    }

    public Consents consents() {
        return consents;
    }

    public BrowserSessions sessions() {
        return sessions;
    }

    public PasswordLogin passwordLogin() {
        return passwordLogin;
    }

    public TokenService tokens() {
        return tokens;
    }

    public TokenRevocation revocation() {
        return revocation;
    }

    public AccessTokenVerifier verifier() {
        return verifier;
    }

    @Override
    public void close() {
        housekeeping.shutdownNow();
    }
}
