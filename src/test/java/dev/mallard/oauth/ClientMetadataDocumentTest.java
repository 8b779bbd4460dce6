package dev.mallard.oauth;

import static dev.mallard.oauth.OAuthFixture.ALICE;
import static dev.mallard.oauth.OAuthFixture.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.mallard.json.MallardJson;
import dev.mallard.oauth.OAuthFixture.Client;
import dev.mallard.oauth.OAuthFixture.Pkce;
import dev.mallard.oauth.OAuthFixture.Reply;
import dev.mallard.testing.Browser;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Clients whose client_id is the URL of their metadata document, served here by a small HTTP server on
 * loopback (allowed only because the test server allows private client metadata), and the same URL
 * refused by a server that does not.
 */
class ClientMetadataDocumentTest {
    @RegisterExtension
    static final OAuthFixture oauth = OAuthFixture.create();
    @RegisterExtension
    static final OAuthFixture strict = OAuthFixture.create(false);
    private static HttpServer documents;
    private static final Map<String, AtomicInteger> fetches = new ConcurrentHashMap<>();

    /** A response the document server gives for one path. */
    private record Served(int status, String contentType, String body, Map<String, String> headers) {}

    private static final Map<String, Served> served = new ConcurrentHashMap<>();

    @BeforeAll
    static void serveDocuments() throws IOException {
        documents = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        documents.createContext("/", exchange -> {
            String path = exchange.getRequestURI().getPath();
            fetches.computeIfAbsent(path, p -> new AtomicInteger()).incrementAndGet();
            Served response = served.getOrDefault(path, new Served(404, "text/plain", "not here", Map.of()));
            byte[] body = response.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", response.contentType());
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
            exchange.sendResponseHeaders(response.status(), body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        documents.start();
    }

    @AfterAll
    static void stopServingDocuments() {
        if (documents != null) {
            documents.stop(0);
        }
    }

    private static String url(String path) {
        return "http://127.0.0.1:" + documents.getAddress().getPort() + path;
    }

    /** Serves a metadata document at this path and returns its URL, the client_id. */
    private static String serve(String path, Map<String, Object> document, Map<String, String> headers) {
        served.put(path, new Served(200, "application/json", MallardJson.mapper().writeValueAsString(document),
                headers));
        return url(path);
    }

    private static Map<String, Object> document(String clientId) {
        return Map.of("client_id", clientId, "client_name", "Doc Client", "redirect_uris",
                List.of(OAuthFixture.LOOPBACK_REDIRECT), "grant_types", List.of("authorization_code", "refresh_token"),
                "token_endpoint_auth_method", "none");
    }

    private static Browser.Page authorize(OAuthFixture server, String clientId) {
        Client client = new Client(clientId, Optional.empty(), OAuthFixture.LOOPBACK_REDIRECT);
        try (Browser browser = server.browser()) {
            return browser.get(OAuthFixture.authorizePath(server.authorizationParameters(client, Pkce.create())));
        }
    }

    private static void assertRefused(Browser.Page page, String reason) {
        assertThat(page.status()).as(page.body()).isEqualTo(400);
        assertThat(page.header("Location")).isEmpty();
        assertThat(page.body()).contains("cannot be used", reason);
    }

    @Test
    void clientIdentifiedByItsDocumentSignsInAndGetsTokens() {
        String clientId = url("/apps/doc-client.json");
        serve("/apps/doc-client.json", document(clientId), Map.of("Cache-Control", "max-age=300"));
        Client client = new Client(clientId, Optional.empty(), OAuthFixture.LOOPBACK_REDIRECT);
        Pkce pkce = Pkce.create();
        Map<String, String> parameters = oauth.authorizationParameters(client, pkce);
        try (Browser browser = oauth.browser()) {
            Browser.Page login = browser.get(OAuthFixture.authorizePath(parameters));
            Browser.Page consent = browser.get(OAuthFixture.signIn(browser, login, ALICE, PASSWORD).location());
            assertThat(consent.body()).contains("Allow Doc Client to use Mallard?", "describes itself at",
                    clientId, "a program on this computer");
            Map<String, String> answer = OAuthFixture.redirectParameters(OAuthFixture.decide(browser, consent, "allow")
                    .location(), client.redirectUri());
            Reply tokens = oauth.token(oauth.codeExchange(new OAuthFixture.Authorized(client, pkce, answer.get("code"))));
            assertThat(tokens.status()).as(tokens.body()).isEqualTo(200);
            assertThat(oauth.mcp(tokens.json().path("access_token").asString()).status()).isEqualTo(200);
            assertThat(tokens.json().path("refresh_token").asString()).isNotBlank();
        }
        // Cached as Cache-Control allowed: one fetch for the authorization, the consent and the token request.
        assertThat(fetches.get("/apps/doc-client.json").get()).isEqualTo(1);
    }

    @Test
    void documentSentWithNoStoreIsFetchedEachTime() {
        String clientId = url("/uncached.json");
        serve("/uncached.json", document(clientId), Map.of("Cache-Control", "no-store"));
        assertThat(authorize(oauth, clientId).status()).isEqualTo(200);
        assertThat(authorize(oauth, clientId).status()).isEqualTo(200);
        assertThat(fetches.get("/uncached.json").get()).isEqualTo(2);
    }

    @Test
    void documentWhoseClientIdIsNotItsUrlIsRefused() {
        String clientId = url("/impostor.json");
        serve("/impostor.json", document("https://claude.ai/oauth/client.json"), Map.of());
        assertRefused(authorize(oauth, clientId), "not its own URL");
    }

    @Test
    void redirectUriMissingFromTheDocumentIsRefused() {
        String clientId = url("/other-redirect.json");
        serve("/other-redirect.json", Map.of("client_id", clientId, "redirect_uris",
                List.of("https://elsewhere.example/cb")), Map.of());
        Browser.Page page = authorize(oauth, clientId);
        assertThat(page.status()).isEqualTo(400);
        assertThat(page.body()).contains("not one of its registered redirect URIs");
    }

    @Test
    void documentWithoutRedirectUrisIsRefused() {
        String clientId = url("/no-redirects.json");
        serve("/no-redirects.json", Map.of("client_id", clientId, "client_name", "x"), Map.of());
        assertRefused(authorize(oauth, clientId), "redirect_uris");
    }

    @Test
    void redirectsAreNotFollowed() {
        String target = url("/target.json");
        serve("/target.json", document(target), Map.of());
        served.put("/moved.json", new Served(302, "text/plain", "", Map.of("Location", target)));
        assertRefused(authorize(oauth, url("/moved.json")), "does not follow redirects");
        assertThat(fetches.get("/target.json")).isNull();
    }

    @Test
    void answerThatIsNotJsonOrTooLargeIsRefused() {
        served.put("/page.html", new Served(200, "text/html", "<html></html>", Map.of()));
        assertRefused(authorize(oauth, url("/page.html")), "instead of application/json");

        String large = url("/large.json");
        served.put("/large.json", new Served(200, "application/json", "{\"client_id\": \"" + large
                + "\", \"padding\": \"" + "x".repeat(70 * 1024) + "\"}", Map.of()));
        assertRefused(authorize(oauth, large), "larger than 64 KiB");

        assertRefused(authorize(oauth, url("/missing.json")), "HTTP 404");
    }

    @Test
    void documentThatAsksForAClientSecretMethodIsRefused() {
        String clientId = url("/confidential.json");
        serve("/confidential.json", Map.of("client_id", clientId, "redirect_uris", List.of(OAuthFixture.LOOPBACK_REDIRECT),
                "token_endpoint_auth_method", "private_key_jwt"), Map.of());
        assertRefused(authorize(oauth, clientId), "not supported");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://127.0.0.1:%d/client.json", "https://localhost:%d/client.json",
            "https://[::1]:%d/client.json"})
    void withoutThePrivateSettingALoopbackDocumentIsNeverFetched(String template) {
        String clientId = template.formatted(documents.getAddress().getPort());
        int before = fetches.getOrDefault("/client.json", new AtomicInteger()).get();
        assertRefused(authorize(strict, clientId), "loopback, private or reserved address");
        assertThat(fetches.getOrDefault("/client.json", new AtomicInteger()).get()).isEqualTo(before);
    }

    @Test
    void withoutThePrivateSettingAPlainHttpClientIdIsRefused() {
        String clientId = url("/apps/doc-client.json");
        serve("/apps/doc-client.json", document(clientId), Map.of());
        assertRefused(authorize(strict, clientId), "must use https");
    }
}
