package dev.mallard.oauth.upstream;

import com.nimbusds.jwt.JWT;
import com.nimbusds.oauth2.sdk.ResponseType;
import com.nimbusds.oauth2.sdk.Scope;
import com.nimbusds.oauth2.sdk.id.ClientID;
import com.nimbusds.oauth2.sdk.id.State;
import com.nimbusds.oauth2.sdk.pkce.CodeChallengeMethod;
import com.nimbusds.oauth2.sdk.pkce.CodeVerifier;
import com.nimbusds.openid.connect.sdk.AuthenticationRequest;
import com.nimbusds.openid.connect.sdk.Nonce;
import com.nimbusds.openid.connect.sdk.claims.IDTokenClaimsSet;
import dev.mallard.config.UpstreamIdentityProvider;
import dev.mallard.error.InternalErrors;
import dev.mallard.error.MallardException;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signs people in at an upstream OpenID Connect provider for Mallard's authorization server (the
 * authorization code flow of OpenID Connect Core 1.0 section 3.1, with PKCE). Mallard stays the
 * authorization server its MCP clients see: {@link #begin} sends the browser to the provider, the
 * provider answers at Mallard's {@value #CALLBACK_PATH}, and {@link #complete} exchanges the code
 * server to server and checks the ID token. The provider's tokens never leave this class, and
 * Mallard's own tokens are never sent to the provider.
 */
public final class UpstreamProvider {
    private static final Logger log = LoggerFactory.getLogger(UpstreamProvider.class);
    /** Where the provider sends the browser back; register {@code <base URL>/oauth/callback} at the provider. */
    public static final String CALLBACK_PATH = "/oauth/callback";
    /** OpenID Connect Core 1.0 sections 3.1.2.1 and 5.4: openid, plus the claims a user name is usually read from. */
    static final Scope SCOPE = new Scope("openid", "email", "profile");
    /**
     * Error answers that depend on the person rather than on Mallard's configuration (RFC 6749
     * section 4.1.2.1, OpenID Connect Core 1.0 section 3.1.2.6).
     */
    private static final Set<String> DENIALS = Set.of("access_denied", "login_required", "consent_required",
            "interaction_required", "account_selection_required");

    private final UpstreamIdentityProvider settings;
    private final Supplier<URI> callbackUri;
    private final PendingSignIns signIns;
    private final Clock clock;
    private final ProviderDiscovery discovery;
    private final TokenExchange tokens;

    /** Checks the settings but does not contact the provider; {@link #checkAtStartup} does. */
    public UpstreamProvider(UpstreamIdentityProvider settings, URI callbackUri, PendingSignIns signIns, Clock clock) {
        this(settings, constant(absolute(callbackUri)), signIns, clock);
    }

    /**
     * Like {@link #UpstreamProvider(UpstreamIdentityProvider, URI, PendingSignIns, Clock)}, with the
     * callback read when a sign-in needs it: a server listening on port 0 knows its URL only once it
     * listens, after the provider is built.
     */
    public UpstreamProvider(UpstreamIdentityProvider settings, Supplier<URI> callbackUri, PendingSignIns signIns,
            Clock clock) {
        ProviderUrls.check(settings.issuer(), "issuer (--oidc-issuer)");
        if (settings.userClaim() == null || settings.userClaim().isBlank()) {
            throw MallardException.configuration("--oidc-user-claim names no claim.");
        }
        this.settings = settings;
        this.callbackUri = () -> absolute(callbackUri.get());
        this.signIns = signIns;
        this.clock = clock;
        this.discovery = new ProviderDiscovery(settings, clock);
        this.tokens = new TokenExchange(settings, this.callbackUri);
    }

    private static URI absolute(URI callbackUri) {
        if (callbackUri == null || !callbackUri.isAbsolute()) {
            throw new IllegalArgumentException("The callback URI must be absolute: " + callbackUri);
        }
        return callbackUri;
    }

    private static Supplier<URI> constant(URI callbackUri) {
        return () -> callbackUri;
    }

    /** Mallard's callback under its public base URL, e.g. https://mallard.example.com/oauth/callback. */
    public static URI callbackUri(URI baseUrl) {
        String base = baseUrl.toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + CALLBACK_PATH);
    }

    public URI callbackUri() {
        return callbackUri.get();
    }

    /** The provider's issuer, as configured (--oidc-issuer). */
    public URI issuer() {
        return settings.issuer();
    }

    /**
     * Loads the provider's discovery document, for the server to call once as it starts; throws a
     * configuration error that says what to check.
     *
     * <p>It fails on an unreachable provider as on a wrong one. At start an operator is watching, and
     * the commonest mistake, a mistyped issuer, looks just like an unreachable host; a server started
     * anyway would look healthy while every sign-in failed, to be found out by its users. A provider
     * that is down when Mallard starts is the rarer case, and the service manager's restart is the
     * retry. Once started, an outage is handled differently: the loaded document is kept (a failed
     * daily reload keeps the last good one), so only sign-ins that reach the provider fail meanwhile.
     */
    public void checkAtStartup() {
        discovery.reload();
    }

    /**
     * Starts a sign-in: remembers it in the pending sign-ins (for {@link PendingSignIns#lifetime()})
     * and returns where to send the browser. Throws a configuration error if the provider's
     * discovery document cannot be loaded.
     *
     * @param reference Mallard's own pending authorization request, handed back by {@link #complete}
     */
    public UpstreamRedirect begin(String reference) {
        ProviderConfiguration provider = discovery.current();
        State state = new State();
        Nonce nonce = new Nonce();
        CodeVerifier verifier = new CodeVerifier();
        URI location = new AuthenticationRequest.Builder(ResponseType.CODE, SCOPE, new ClientID(settings.clientId()),
                callbackUri.get())
                .endpointURI(provider.authorizationEndpoint())
                .state(state)
                .nonce(nonce)
                .codeChallenge(verifier, CodeChallengeMethod.S256)
                .build()
                .toURI();
        PendingSignIn signIn = new PendingSignIn(state.getValue(), nonce.getValue(), verifier.getValue(),
                clock.instant(), reference);
        signIns.add(signIn);
        return new UpstreamRedirect(location, signIn);
    }

    /**
     * Completes a sign-in with the query parameters of the provider's answer at the callback: the
     * state must be that of a pending sign-in (used once, within its lifetime), then the code is
     * exchanged and the ID token checked.
     */
    public SignInOutcome complete(Map<String, List<String>> parameters) {
        Optional<String> state = single(parameters, "state");
        if (state.isEmpty()) {
            return failed(Optional.empty(), "The answer from the sign-in provider carries no state, so it cannot be "
                    + "matched to a sign-in. Start connecting again from your app.");
        }
        return switch (signIns.take(state.get())) {
            case PendingSignIns.Lookup.Found found -> complete(found.signIn(), parameters);
            case PendingSignIns.Lookup.Unknown unknown -> failed(Optional.empty(), "This answer from the sign-in "
                    + "provider does not match a sign-in Mallard started (or Mallard restarted since). Start "
                    + "connecting again from your app.");
            case PendingSignIns.Lookup.Expired expired -> failed(Optional.empty(), "The sign-in took longer than "
                    + signIns.lifetime().toMinutes() + " minutes and has expired. Start connecting again from your app.");
            case PendingSignIns.Lookup.AlreadyUsed used -> failed(Optional.empty(), "This sign-in was already "
                    + "completed; the provider's answer cannot be used twice. Start connecting again from your app.");
        };
    }

    private SignInOutcome complete(PendingSignIn signIn, Map<String, List<String>> parameters) {
        Optional<PendingSignIn> matched = Optional.of(signIn);
        try {
            ProviderConfiguration provider = discovery.current();
            Optional<String> malformed = malformed(provider, parameters);
            if (malformed.isPresent()) {
                return failed(matched, malformed.get());
            }
            Optional<String> error = single(parameters, "error");
            if (error.isPresent()) {
                return providerError(signIn, printable(error.get()),
                        single(parameters, "error_description").map(UpstreamProvider::printable));
            }
            UpstreamIdentity identity = identity(provider, signIn, single(parameters, "code").orElseThrow());
            log.info("{} signed in through {}", identity.userName(), identity.issuer());
            return new SignInOutcome.SignedIn(identity, signIn);
        } catch (MallardException e) {
            return failed(matched, e.getMessage());
        } catch (RuntimeException e) {
            String id = InternalErrors.newId();
            log.error("Upstream sign-in failed (error id {})", id, e);
            return new SignInOutcome.Failed(matched, InternalErrors.message("the sign-in", id));
        }
    }

    /** What is wrong with the answer's form, before its error or code is looked at. */
    private static Optional<String> malformed(ProviderConfiguration provider, Map<String, List<String>> parameters) {
        for (Map.Entry<String, List<String>> parameter : parameters.entrySet()) {
            if (parameter.getValue().size() > 1) {
                return Optional.of("The answer from the sign-in provider repeats " + parameter.getKey() + ".");
            }
        }
        Optional<String> issuer = single(parameters, "iss");
        // RFC 9207 section 2.4: an answer naming another issuer comes from another provider (a mix-up
        // attack); one without iss is refused if this provider promised to send it.
        if (issuer.map(value -> !value.equals(provider.issuer().getValue())).orElse(provider.issuerParameterRequired())) {
            return Optional.of("The answer at the callback names issuer " + issuer.map(UpstreamProvider::printable)
                    .orElse("(none)") + ", not " + provider.issuer() + ". Start connecting again from your app.");
        }
        if (single(parameters, "error").isEmpty() && single(parameters, "code").isEmpty()) {
            return Optional.of("The answer from the sign-in provider carries neither a code nor an error.");
        }
        return Optional.empty();
    }

    /** Exchanges the code, checks the ID token and reads the user name from it. */
    private UpstreamIdentity identity(ProviderConfiguration provider, PendingSignIn signIn, String code) {
        JWT idToken = tokens.idToken(provider, code, signIn.codeVerifier());
        IDTokenClaimsSet claims = IdTokenCheck.validate(provider, settings.clientId(), idToken, signIn.nonce());
        String userName = UserClaim.userName(claims.toJSONObject(), settings.userClaim());
        return new UpstreamIdentity(provider.issuer().getValue(), claims.getSubject().getValue(), userName);
    }

    private SignInOutcome providerError(PendingSignIn signIn, String error, Optional<String> description) {
        if (DENIALS.contains(error)) {
            log.info("The sign-in provider did not sign the person in: {}", error);
            return new SignInOutcome.Denied(signIn, error, description);
        }
        return failed(Optional.of(signIn), "The sign-in provider refused Mallard's request (" + error
                + description.map(text -> ": " + text).orElse("") + "). Check that client " + settings.clientId()
                + " exists at " + settings.issuer() + ", may use the authorization code flow with the scopes "
                + SCOPE + ", and has " + callbackUri.get() + " among its redirect URIs.");
    }

    private static SignInOutcome failed(Optional<PendingSignIn> signIn, String message) {
        log.warn("Upstream sign-in failed: {}", message);
        return new SignInOutcome.Failed(signIn, message);
    }

    /**
     * The provider's text as it may be shown and logged: RFC 6749 section 4.1.2.1 allows only
     * printable ASCII in error_description, and a line break in it could forge a log line.
     */
    private static String printable(String text) {
        String cleaned = text.replaceAll("[^\\x20-\\x7E]", "?");
        return cleaned.length() <= 300 ? cleaned : cleaned.substring(0, 300) + "…";
    }

    private static Optional<String> single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.getOrDefault(name, List.of());
        return values.size() == 1 ? Optional.of(values.getFirst()) : Optional.empty();
    }
}
