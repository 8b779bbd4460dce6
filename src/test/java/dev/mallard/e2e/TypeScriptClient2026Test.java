package dev.mallard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mallard.auth.Access;
import dev.mallard.auth.ApiKeys;
import dev.mallard.auth.Scope;
import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.EngineSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.store.AuditEntry;
import dev.mallard.store.AuditQuery;
import dev.mallard.testing.NodeTests;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * MCP 2026-07-28 as the official TypeScript client of that era sees it: {@code
 * tests/node/client2026-test.mjs} connects with {@code @modelcontextprotocol/client} (server/discover,
 * no session), lists and calls tools with API keys of two scopes, cancels a query by closing its
 * stream, approves and declines a change through input_required and its elicitation handler, and
 * opens a 2025-11-25 session with {@code @modelcontextprotocol/sdk} on the same endpoint. It must
 * report every check passed, and the audit log must show the 2026 calls without a session and the
 * 2025 ones in one.
 */
class TypeScriptClient2026Test {
    private static final Path SCRIPT = NodeTests.DIRECTORY.resolve("client2026-test.mjs");
    private static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final String USER = "dana";

    @Test
    void officialTypeScriptClientSpeaks2026AndA2025SessionSharesTheEndpoint(@TempDir Path directory) throws Exception {
        Path node = NodeTests.node();
        assertThat(SCRIPT).as("the Node test program").isRegularFile();
        NodeTests.requirePackages("@modelcontextprotocol/client", "@modelcontextprotocol/sdk");
        try (TestMallard server = TestMallard.builder()
                .database("sales", TestData.sales(directory))
                .confirmWrites()
                // One worker: the cancellation check proves DuckDB was interrupted by getting the next query through.
                .engine(new EngineSettings(2, "1GB", "2GB", 1))
                .auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults()))
                .start()) {
            var users = server.mallard().users();
            users.add(USER, Optional.empty(), false);
            users.grant(USER, "sales", Access.WRITE);
            ApiKeys keys = server.mallard().apiKeys();
            String writer = keys.create(USER, Set.of(Scope.READ, Scope.WRITE), Optional.empty(), Optional.empty()).secret();
            String reader = keys.create(USER, Set.of(Scope.READ), Optional.empty(), Optional.empty()).secret();

            System.out.println("Running: node client2026-test.mjs --url " + server.mcpUri());
            NodeTests.Run run = NodeTests.run("client2026-test.mjs",
                    List.of(node.toString(), SCRIPT.toString(), "--url", server.mcpUri().toString()),
                    Map.of("MALLARD_WRITER_KEY", writer, "MALLARD_READER_KEY", reader), TIMEOUT);

            if (run.timedOut()) {
                fail("client2026-test.mjs did not finish within " + TIMEOUT.toSeconds() + " s. Its output:\n"
                        + run.output());
            }
            assertThat(run.exitCode()).as("exit code of client2026-test.mjs; its output:%n%s", run.output()).isZero();
            assertThat(run.output()).doesNotContain("not ok - ").containsPattern("(?m)^# \\d+ checks: \\d+ passed, 0 failed");

            server.mallard().audit().flush();
            List<AuditEntry> queries = server.mallard().store().audit().recent(new AuditQuery(null, "query", USER, 100));
            assertThat(queries.stream().filter(entry -> "mallard-node-client2026-test".equals(entry.clientName())))
                    .as("the 2026 client's queries, audited without a session")
                    .isNotEmpty()
                    .allSatisfy(entry -> assertThat(entry.sessionId()).isNull());
            assertThat(queries.stream().filter(entry -> "mallard-node-client2025-session".equals(entry.clientName())))
                    .as("the 2025 client's query, audited in its session")
                    .singleElement()
                    .satisfies(entry -> assertThat(entry.sessionId()).isNotBlank());
        }
    }
}
