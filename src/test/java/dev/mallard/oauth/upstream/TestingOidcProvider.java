package dev.mallard.oauth.upstream;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.oauth2.sdk.ParseException;
import com.nimbusds.oauth2.sdk.TokenRequest;
import com.nimbusds.oauth2.sdk.auth.ClientSecretBasic;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.OAuth2Config;
import no.nav.security.mock.oauth2.http.OAuth2HttpRequest;
import no.nav.security.mock.oauth2.http.OAuth2HttpResponse;
import no.nav.security.mock.oauth2.http.Route;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import no.nav.security.mock.oauth2.token.KeyProvider;
import no.nav.security.mock.oauth2.token.OAuth2TokenProvider;
import okhttp3.Headers;
import okhttp3.HttpUrl;

/**
 * A real OpenID Connect provider on a loopback port (mock-oauth2-server), with one client registered
 * whose secret it checks, signing keys that a test can rotate, a person who can cancel at its sign-in,
 * and a browser that follows its authorization redirects.
 */
public final class TestingOidcProvider implements AutoCloseable {
    static final String ISSUER_ID = "mallard-idp";
    public static final String CLIENT_ID = "mallard";
    public static final String CLIENT_SECRET = "mallard-secret-at-the-provider";

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    private final RotatingKeys keys = new RotatingKeys();
    private final AtomicBoolean denyNext = new AtomicBoolean();
    private final MockOAuth2Server server;
    private final HttpClient browser = HttpClient.newBuilder()
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    public TestingOidcProvider() {
        OAuth2Config config = new OAuth2Config(false, null, null, false, new OAuth2TokenProvider(keys));
        server = new MockOAuth2Server(config, new ClientSecretCheck(), new PublishedKeys(keys), new Cancel());
        server.start(LOOPBACK, 0);
    }

    /**
     * The issuer, http://127.0.0.1:PORT/mallard-idp. The provider names itself after the Host it is
     * asked at, so the address literal keeps "localhost" and its DNS lookup out of the tests.
     */
    public URI issuer() {
        return URI.create("http://" + LOOPBACK.getHostAddress() + ":" + server.baseUrl().port() + "/" + ISSUER_ID);
    }

    /**
     * The next code exchanged signs in this subject, with these claims in its ID token; they replace
     * the provider's own (aud, nonce, azp, …), to issue tokens a correct provider would not.
     */
    public void nextSignIn(String subject, Map<String, Object> claims) {
        server.enqueueCallback(new ClaimsCallback(subject, claims));
    }

    /** The next person sent here cancels: the provider answers access_denied instead of signing them in. */
    public void cancelNextSignIn() {
        denyNext.set(true);
    }

    /** From now on the provider signs with a new key under a new key id, and publishes only that one. */
    void rotateKeys() {
        keys.rotate();
    }

    /**
     * From now on ID tokens are signed with a key that is not published, under the key id of the
     * published one: as an attacker without the provider's private key would sign them.
     */
    void signWithUnpublishedKey() {
        keys.forge();
    }

    /**
     * Follows the authorization request as a browser would, with the person signed in at once (the
     * provider's non-interactive mode), up to the provider's redirect back to Mallard's callback,
     * which is not followed: its query parameters are returned.
     */
    Map<String, List<String>> authorize(URI location) throws IOException, InterruptedException {
        HttpResponse<String> response = browser.send(HttpRequest.newBuilder(location).timeout(Duration.ofSeconds(10))
                .GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 302) {
            throw new AssertionError("The provider answered " + response.statusCode() + ": " + response.body());
        }
        return query(URI.create(response.headers().firstValue("Location").orElseThrow()));
    }

    static Map<String, List<String>> query(URI uri) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        for (String pair : uri.getRawQuery().split("&")) {
            String[] parts = pair.split("=", 2);
            parameters.computeIfAbsent(URLDecoder.decode(parts[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                    .add(parts.length == 2 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : "");
        }
        return parameters;
    }

    @Override
    public void close() {
        server.shutdown();
    }

    /**
     * The provider's answer when the person cancels (OpenID Connect Core 1.0 section 3.1.2.6), with
     * the state and, as RFC 9207 asks, the issuer: mock-oauth2-server itself signs everyone in.
     */
    private final class Cancel implements Route {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            return request.getMethod().equals("GET") && request.getUrl().encodedPath().endsWith("/authorize")
                    && denyNext.get();
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            denyNext.set(false);
            HttpUrl.Builder answer = HttpUrl.get(request.getUrl().queryParameter("redirect_uri")).newBuilder()
                    .addQueryParameter("error", "access_denied")
                    .addQueryParameter("error_description", "The person cancelled the sign-in")
                    .addQueryParameter("state", request.getUrl().queryParameter("state"))
                    .addQueryParameter("iss", issuer().toString());
            return new OAuth2HttpResponse(Headers.of("Location", answer.build().toString()), 302, "", null);
        }
    }

    /**
     * mock-oauth2-server accepts any client secret; a real provider answers a wrong one with 401
     * invalid_client (RFC 6749 section 5.2). This route, consulted before the provider's own, does
     * that for token requests whose HTTP Basic credentials (section 2.3.1) are not the client's.
     */
    private static final class ClientSecretCheck implements Route {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            return request.getMethod().equals("POST") && request.getUrl().encodedPath().endsWith("/token")
                    && !authenticated(request.getHeaders().get("Authorization"));
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json", "WWW-Authenticate", "Basic"),
                    401, "{\"error\":\"invalid_client\",\"error_description\":\"client authentication failed\"}", null);
        }

        private static boolean authenticated(String authorization) {
            if (authorization == null) {
                return false;
            }
            try {
                ClientSecretBasic basic = ClientSecretBasic.parse(authorization);
                return basic.getClientID().getValue().equals(CLIENT_ID)
                        && basic.getClientSecret().getValue().equals(CLIENT_SECRET);
            } catch (ParseException e) {
                return false;
            }
        }
    }

    /** The provider's token contents, with the given claims applied last. */
    private static final class ClaimsCallback extends DefaultOAuth2TokenCallback {
        private final Map<String, Object> claims;

        ClaimsCallback(String subject, Map<String, Object> claims) {
            super(ISSUER_ID, subject, "JWT", null, Map.of(), 3600);
            this.claims = claims;
        }

        @Override
        public Map<String, Object> addClaims(TokenRequest request) {
            Map<String, Object> all = new LinkedHashMap<>(super.addClaims(request));
            all.putAll(claims);
            return all;
        }
    }

    /**
     * The provider's signing key and the key it publishes, which a test can replace; the same key
     * unless a test forges signatures.
     */
    private static final class RotatingKeys extends KeyProvider {
        /** Generating an RSA key takes a moment; providers start with the same one. */
        private static final JWK FIRST = newKey("key-1");

        private volatile JWK signing = FIRST;
        private volatile JWK published = FIRST;
        private int generation = 1;

        RotatingKeys() {
            super(List.of(), "RS256");
        }

        synchronized void rotate() {
            generation++;
            signing = newKey("key-" + generation);
            published = signing;
        }

        void forge() {
            signing = newKey(published.getKeyID());
        }

        /** The key the provider signs tokens with (and would publish, but for {@link PublishedKeys}). */
        @Override
        public JWK signingKey(String keyId) {
            return signing;
        }

        JWKSet published() {
            return new JWKSet(published).toPublicJWKSet();
        }

        private static JWK newKey(String keyId) {
            try {
                return new RSAKeyGenerator(2048).keyID(keyId).generate();
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The provider's jwks_uri, answered before its own route does, with the published key only. */
    private record PublishedKeys(RotatingKeys keys) implements Route {
        @Override
        public boolean match(OAuth2HttpRequest request) {
            return request.getMethod().equals("GET") && request.getUrl().encodedPath().endsWith("/jwks");
        }

        @Override
        public OAuth2HttpResponse invoke(OAuth2HttpRequest request) {
            return new OAuth2HttpResponse(Headers.of("Content-Type", "application/json"), 200,
                    keys.published().toString(), null);
        }
    }
}
