package dev.mallard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mallard.auth.Access;
import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.testing.NodeTests;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mallard's OAuth authorization server as an MCP client and a person see it:
 * {@code tests/node/oauth-test.mjs} connects with the official TypeScript SDK's OAuth support, and a
 * real headless Chromium signs the user in on Mallard's login page and allows the client on its
 * consent page; then the client queries with its token, refreshes it, and the user revokes it on the
 * Connected apps page. Once with a client that registers itself (RFC 7591), once with a client
 * identified by its metadata document's URL. Every check the program prints must pass.
 */
class OAuthBrowserTest {
    private static final Path SCRIPT = NodeTests.DIRECTORY.resolve("oauth-test.mjs");
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    /** The program gives up by itself after 150 s; this only catches a hang outside its control. */
    private static final Duration TIMEOUT = Duration.ofSeconds(210);
    private static final String USER = "alice";
    private static final String PASSWORD = "correct horse battery staple";
    private static final Pattern SUMMARY = Pattern.compile("^# (\\w+): (\\d+) checks: (\\d+) passed, (\\d+) failed",
            Pattern.MULTILINE);
    /** Checks each run must report as passed, so a run that stopped early cannot pass. */
    private static final List<String> REQUIRED = List.of(
            "discovery: 401 challenge",
            "sdk: connect without a token starts the authorization",
            "browser: sign in and allow; the redirect URI gets the code",
            "login page: Content-Security-Policy frame-ancestors 'none'",
            "login page: the browser refuses to show it in a frame of another site",
            "login page: a wrong password shows the error",
            "consent page: names the client and the scope",
            "sdk: finishAuth exchanges the code for tokens",
            "mcp: connect with the access token",
            "mcp: listTools follows the granted scopes (query_rw only with write)",
            "mcp: query SELECT 42",
            "mcp: query the granted sales.orders",
            "mcp: query the ungranted hr.salaries is an error",
            "sdk: a second connection reuses the saved tokens, no browser",
            "sdk: a refused access token is refreshed with the refresh token",
            "token endpoint: the old refresh token is rejected (invalid_grant)",
            "token endpoint: the reuse revoked the whole grant (RFC 9700 section 4.14.2)",
            "browser: a new authorization reuses the consent (no consent page)",
            "connected apps: lists the client",
            "connected apps: revoke the client",
            "connected apps: after revoking, the refresh token is refused",
            "connected apps: after revoking, the access token gets 401 at /mcp");

    @TempDir
    static Path directory;

    private static TestMallard server;

    @BeforeAll
    static void start() {
        Path sales = TestData.sales(directory);
        Path hr = TestData.hr(directory);
        // Writes on: the 401 challenge then asks for read and write, and query_rw is listed only with write.
        server = TestMallard.builder()
                .database("sales", sales)
                .database("hr", hr)
                .readWrite()
                .auth(new AuthSettings(AuthMode.OAUTH, false, new OAuthSettings(
                        OAuthSettings.DEFAULT_ACCESS_TOKEN_TTL, OAuthSettings.DEFAULT_REFRESH_TOKEN_TTL,
                        Optional.empty(), true)))
                .start();
        server.mallard().users().add(USER, Optional.of(PASSWORD.toCharArray()), false);
        server.mallard().users().grant(USER, "sales", Access.READ);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aClientThatRegistersItselfGetsATokenThroughTheBrowser() throws Exception {
        runEveryCheck("dcr");
    }

    @Test
    void aClientIdentifiedByItsMetadataDocumentGetsATokenThroughTheBrowser() throws Exception {
        runEveryCheck("cimd");
    }

    private static void runEveryCheck(String mode) throws Exception {
        Path node = NodeTests.node();
        assertThat(SCRIPT).as("the Node test program").isRegularFile();
        NodeTests.requirePackages("@modelcontextprotocol/sdk", "playwright-core");
        if (!Files.isRegularFile(CHROMIUM) || !Files.isExecutable(CHROMIUM)) {
            fail("These tests drive Debian's Chromium, " + CHROMIUM + ", which is not installed. Install it with "
                    + "`sudo apt-get install chromium` (.ci/run does it) and try again.");
        }
        List<String> command = List.of(node.toString(), SCRIPT.toString(), "--url", server.mcpUri().toString(),
                "--user", USER, "--mode", mode, "--granted-table", "sales.orders", "--denied-table", "hr.salaries");
        System.out.println("Running: node oauth-test.mjs --url " + server.mcpUri() + " --user " + USER + " --mode "
                + mode + " ...");

        NodeTests.Run run = NodeTests.run("oauth-test.mjs " + mode, command,
                Map.of("MALLARD_OAUTH_PASSWORD", PASSWORD), TIMEOUT);

        if (run.timedOut()) {
            fail("oauth-test.mjs --mode " + mode + " did not finish within " + TIMEOUT.toSeconds()
                    + " s. Its output:\n" + run.output());
        }
        assertThat(run.output()).as("the output of oauth-test.mjs --mode %s", mode).doesNotContain("not ok - ");
        assertThat(run.exitCode()).as("exit code of oauth-test.mjs; its output:%n%s", run.output()).isZero();
        Matcher summary = SUMMARY.matcher(run.output());
        assertThat(summary.find()).as("a summary line in:%n%s", run.output()).isTrue();
        assertThat(summary.group(1)).isEqualTo(mode);
        assertThat(summary.group(4)).as("failed checks").isEqualTo("0");
        assertThat(summary.group(3)).isEqualTo(summary.group(2));
        for (String check : REQUIRED) {
            assertThat(run.output()).as("check '%s' in the output:%n%s", check, run.output()).contains("ok - " + check);
        }
        if (mode.equals("cimd")) {
            assertThat(run.output()).contains("ok - cimd: the server fetched the client metadata document");
        }
    }
}
