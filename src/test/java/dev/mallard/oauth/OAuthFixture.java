package dev.mallard.oauth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.auth.Access;
import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.json.MallardJson;
import dev.mallard.testing.Browser;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import tools.jackson.databind.JsonNode;

/**
 * A Mallard serving the demo database with its OAuth authorization server on, two users (alice, who
 * may read everything, and root, an administrator), and the steps of an OAuth client: registering,
 * PKCE, the browser's way through sign-in and consent, and token requests. A test class registers
 * one as an extension: the server starts before its tests and stops after them.
 */
final class OAuthFixture implements BeforeAllCallback, AfterAllCallback {
    static final String PASSWORD = "correct horse battery";
    static final String ALICE = "alice";
    static final String ROOT = "root";
    static final String LOOPBACK_REDIRECT = "http://127.0.0.1:43110/callback";

    private final boolean allowPrivateClientMetadata;
    private final HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private TestMallard server;

    private OAuthFixture(boolean allowPrivateClientMetadata) {
        this.allowPrivateClientMetadata = allowPrivateClientMetadata;
    }

    static OAuthFixture create() {
        return new OAuthFixture(true);
    }

    /** @param allowPrivateClientMetadata whether metadata documents may come from loopback (the test's own server) */
    static OAuthFixture create(boolean allowPrivateClientMetadata) {
        return new OAuthFixture(allowPrivateClientMetadata);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        OAuthSettings oauth = new OAuthSettings(OAuthSettings.DEFAULT_ACCESS_TOKEN_TTL,
                OAuthSettings.DEFAULT_REFRESH_TOKEN_TTL, Optional.empty(), allowPrivateClientMetadata);
        server = TestMallard.builder().database("demo", TestData.demo())
                .auth(new AuthSettings(AuthMode.OAUTH, false, oauth)).start();
        server.mallard().users().add(ALICE, Optional.of(PASSWORD.toCharArray()), false);
        server.mallard().users().grant(ALICE, "*", Access.READ);
        server.mallard().users().add(ROOT, Optional.of(PASSWORD.toCharArray()), true);
        server.mallard().users().grant(ROOT, "*", Access.WRITE);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        http.close();
        if (server != null) {
            server.close();
        }
    }

    TestMallard server() {
        return server;
    }

    AuthorizationServer authorizationServer() {
        return server.mallard().authorizationServer().orElseThrow();
    }

    String issuer() {
        return authorizationServer().urls().issuer();
    }

    String resource() {
        return issuer() + "/mcp";
    }

    Browser browser() {
        return new Browser(server.baseUri());
    }

    // --- HTTP -------------------------------------------------------------------------------------

    record Reply(int status, HttpHeaders headers, String body) {
        JsonNode json() {
            return MallardJson.mapper().readTree(body);
        }

        String error() {
            return json().path("error").asString();
        }

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }
    }

    Reply get(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path)).GET();
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    Reply postJson(String path, Object body) {
        return send(HttpRequest.newBuilder(server.baseUri().resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(MallardJson.mapper().writeValueAsString(body))));
    }

    Reply postForm(String path, Map<String, String> form, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(Browser.encode(form)));
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    Reply postRaw(String path, String contentType, String body) {
        return send(HttpRequest.newBuilder(server.baseUri().resolve(path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    Reply options(String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.baseUri().resolve(path))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        return send(request);
    }

    /** An MCP request with this bearer token: initialize, which needs nothing but a valid credential. */
    Reply mcp(String token) {
        return mcp(Optional.of(token));
    }

    Reply mcp(Optional<String> token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.mcpUri()).header("Content-Type", "application/json")
                .header("Accept", "application/json, text/event-stream");
        token.ifPresent(value -> request.header("Authorization", "Bearer " + value));
        return send(request.POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,"
                + "\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"test\",\"version\":\"1\"}}}")));
    }

    private Reply send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            return new Reply(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- Clients ----------------------------------------------------------------------------------

    /** A registered client: its id, its secret when confidential, and the redirect URI it uses. */
    record Client(String id, Optional<String> secret, String redirectUri) {}

    Client registerPublic(String redirectUri) {
        Reply reply = postJson("/oauth/register", Map.of("client_name", "Test Client", "redirect_uris",
                List.of(redirectUri), "grant_types", List.of("authorization_code", "refresh_token"),
                "token_endpoint_auth_method", "none"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return new Client(reply.json().path("client_id").asString(), Optional.empty(), redirectUri);
    }

    Client registerConfidential(String redirectUri) {
        Reply reply = postJson("/oauth/register", Map.of("client_name", "Confidential Client", "redirect_uris",
                List.of(redirectUri), "grant_types", List.of("authorization_code", "refresh_token")));
        assertThat(reply.status()).as(reply.body()).isEqualTo(201);
        return new Client(reply.json().path("client_id").asString(),
                Optional.of(reply.json().path("client_secret").asString()), redirectUri);
    }

    // --- Authorization ----------------------------------------------------------------------------

    /** A PKCE pair (RFC 7636): a random verifier and its S256 challenge. */
    record Pkce(String verifier, String challenge) {
        static Pkce create() {
            byte[] random = new byte[32];
            new SecureRandom().nextBytes(random);
            String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            try {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
                return new Pkce(verifier, Base64.getUrlEncoder().withoutPadding().encodeToString(digest));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** The parameters of a well-formed authorization request; tests change or remove some. */
    Map<String, String> authorizationParameters(Client client, Pkce pkce) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("response_type", "code");
        parameters.put("client_id", client.id());
        parameters.put("redirect_uri", client.redirectUri());
        parameters.put("code_challenge", pkce.challenge());
        parameters.put("code_challenge_method", "S256");
        parameters.put("state", "state-" + pkce.verifier().substring(0, 8));
        parameters.put("scope", "read write");
        parameters.put("resource", resource());
        return parameters;
    }

    static String authorizePath(Map<String, String> parameters) {
        return "/oauth/authorize?" + Browser.encode(parameters);
    }

    /** Signs the browser in on the login page it was shown; returns the answer to the form. */
    static Browser.Page signIn(Browser browser, Browser.Page loginPage, String user, String password) {
        return browser.post("/oauth/login", Map.of("username", user, "password", password,
                "csrf", loginPage.hidden("csrf"), "continue", loginPage.hidden("continue")));
    }

    static Browser.Page decide(Browser browser, Browser.Page consentPage, String decision) {
        return browser.post("/oauth/consent", Map.of("csrf", consentPage.hidden("csrf"),
                "authorization", consentPage.hidden("authorization"), "decision", decision));
    }

    /**
     * The browser's whole way from the authorization request to the client's redirect URI: sign in
     * as the user, then allow. Returns the redirect's query parameters (code, state, iss).
     */
    Map<String, String> authorize(Browser browser, Map<String, String> parameters, String user) {
        Browser.Page login = browser.get(authorizePath(parameters));
        assertThat(login.status()).as(login.body()).isEqualTo(200);
        Browser.Page signedIn = signIn(browser, login, user, PASSWORD);
        assertThat(signedIn.status()).as(signedIn.body()).isEqualTo(303);
        Browser.Page consent = browser.get(signedIn.location());
        assertThat(consent.status()).as(consent.body()).isEqualTo(200);
        assertThat(consent.body()).contains("value=\"allow\"");
        Browser.Page back = decide(browser, consent, "allow");
        assertThat(back.status()).as(back.body()).isEqualTo(303);
        return redirectParameters(back.location(), parameters.get("redirect_uri"));
    }

    static Map<String, String> redirectParameters(String location, String redirectUri) {
        assertThat(location).startsWith(redirectUri + "?");
        Map<String, String> parameters = new LinkedHashMap<>();
        FormEncoding.decode(URI.create(location).getRawQuery())
                .forEach((name, values) -> parameters.put(name, values.getFirst()));
        return parameters;
    }

    /** A fresh client, signed in and allowed: the authorization code and what it takes to exchange it. */
    record Authorized(Client client, Pkce pkce, String code) {}

    Authorized authorized(String user) {
        Client client = registerPublic(LOOPBACK_REDIRECT);
        Pkce pkce = Pkce.create();
        try (Browser browser = browser()) {
            return new Authorized(client, pkce, authorize(browser, authorizationParameters(client, pkce), user)
                    .get("code"));
        }
    }

    Map<String, String> codeExchange(Authorized authorized) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", authorized.code());
        form.put("redirect_uri", authorized.client().redirectUri());
        form.put("code_verifier", authorized.pkce().verifier());
        form.put("client_id", authorized.client().id());
        form.put("resource", resource());
        return form;
    }

    Reply token(Map<String, String> form) {
        return postForm("/oauth/token", form);
    }

    /** Access and refresh token of a fresh sign-in. */
    record Tokens(Client client, String accessToken, String refreshToken) {}

    Tokens tokens(String user) {
        Authorized authorized = authorized(user);
        Reply reply = token(codeExchange(authorized));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        return new Tokens(authorized.client(), reply.json().path("access_token").asString(),
                reply.json().path("refresh_token").asString());
    }

    Reply refresh(Tokens tokens, String refreshToken) {
        return token(Map.of("grant_type", "refresh_token", "refresh_token", refreshToken, "client_id",
                tokens.client().id()));
    }

}
