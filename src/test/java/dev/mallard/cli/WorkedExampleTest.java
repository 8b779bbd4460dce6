package dev.mallard.cli;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.text;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.testing.RawMcpHttp;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's worked example, step by step, on the data it names ({@code examples/sources}): a CSV
 * folder and an HTTP API registered, listed, synced, annotated by a steward, queried by an analyst
 * whose read-only key sees the PII column masked. Only the API's address differs: a free loopback port.
 */
class WorkedExampleTest {
    private static final Path EXAMPLES = Path.of("examples/sources").toAbsolutePath();

    @TempDir
    Path directory;

    private CommandRun mallard(Map<String, String> environment, String... args) {
        CommandRun run = CommandRun.run(environment, args);
        assertThat(run.exitCode()).as(String.join(" ", args) + ": " + run.err()).isZero();
        return run;
    }

    @Test
    void theReadmesWorkedExampleWorksAsWritten() throws Exception {
        Map<String, String> environment = Map.of("MALLARD_DATA_DIR", directory.resolve("data").toString());
        HttpServer api = SimpleFileServer.createFileServer(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                EXAMPLES.resolve("helpdesk"), SimpleFileServer.OutputLevel.NONE);
        api.start();
        try {
            mallard(environment, "sources", "add", "crm", "--source-dir", EXAMPLES.toString(), "--file",
                    "customers=" + EXAMPLES.resolve("crm/customers.csv"), "--file",
                    "orders=" + EXAMPLES.resolve("crm/orders") + "/*.csv");
            String url = "http://127.0.0.1:" + api.getAddress().getPort();
            mallard(environment, "sources", "add", "helpdesk", "--url", url, "--endpoint",
                    "tickets=/tickets/page-1.json", "--records", "tickets", "--paginate", "next-link:next", "--every",
                    "1h");
            assertThat(mallard(environment, "sources", "sync", "helpdesk").out())
                    .contains("Synced source helpdesk: tickets 5 rows from 2 pages");
            assertThat(mallard(environment, "sources", "list").out()).contains("crm").contains("files").contains("live")
                    .contains("tickets:5").contains("1h").contains("2h");
            for (String who : List.of("steward", "analyst")) {
                mallard(environment, "users", "add", who, "--no-password");
                mallard(environment, "users", "grant", who, "crm");
                mallard(environment, "users", "grant", who, "helpdesk");
            }
            String stewardKey = mallard(environment, "keys", "create", "--user", "steward", "--scopes",
                    "read,annotate,sync", "--name", "steward").out().strip();
            String analystKey = mallard(environment, "keys", "create", "--user", "analyst", "--scopes", "read",
                    "--name", "analyst").out().strip();

            Path sales = TestData.sales(Files.createDirectories(directory.resolve("dbs")));
            try (TestMallard server = TestMallard.builder().dataDir(directory.resolve("data"))
                    .database("sales", sales).sourceDir(EXAMPLES)
                    .auth(new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults())).start()) {
                McpSyncClient steward = server.client(stewardKey);
                assertThat(text(call(steward, "list_sources"))).contains("crm.customers 6 rows", "crm.orders 8 rows",
                        "helpdesk.tickets 5 rows");
                assertThat(text(call(steward, "annotate", "table", "crm.customers", "column", "email", "pii", true,
                        "description", "Contact e-mail address"))).contains("Contact e-mail address; PII");
                assertThat(text(call(steward, "annotate", "table", "helpdesk.tickets", "column", "opened_at", "note",
                        "UTC, ISO 8601 text as the API sends it"))).contains("note: UTC");
                assertThat(text(call(steward, "sync_source", "source", "helpdesk")))
                        .contains("Synced source helpdesk: helpdesk.tickets 5 rows from 2 pages").contains("fresh now");

                McpSyncClient analyst = server.client(analystKey);
                assertThat(rows(call(analyst, "query", "sql", "SELECT c.country, count(*) AS open_tickets "
                        + "FROM helpdesk.tickets t JOIN crm.customers c USING (customer_id) WHERE t.status = 'open' "
                        + "GROUP BY ALL ORDER BY 2 DESC, 1"))).containsExactly(List.of("GB", 2), List.of("US", 1));
                assertThat(rows(call(analyst, "query", "sql", "SELECT strftime(ordered_at, '%Y-%m') AS month, "
                        + "count(*), sum(amount_eur) FROM crm.orders GROUP BY ALL ORDER BY 1")))
                        .containsExactly(List.of("2026-10", 4, 638.7), List.of("2026-11", 4, 603.99));
                List<List<Object>> masked = rows(call(analyst, "query", "sql",
                        "SELECT name, email, lower(email) FROM crm.customers ORDER BY customer_id LIMIT 2"));
                assertThat(masked).hasSize(2);
                assertThat(masked.getFirst().getFirst()).isEqualTo("Ada Lovelace");
                assertThat(String.valueOf(masked.getFirst().get(1))).startsWith("pii:").hasSize(16)
                        .isEqualTo(masked.getFirst().get(2));
                assertThat(masked.toString()).doesNotContain("@example.com");
                assertThat(text(call(analyst, "describe_table", "table", "crm.customers")))
                        .contains("email VARCHAR [annotation: Contact e-mail address; PII]").contains("pii:")
                        .doesNotContain("@example.com");
                try (RawMcpHttp raw = new RawMcpHttp(server.mcpUri()).bearer(analystKey).open()) {
                    Map<String, Map<String, Object>> attempts = Map.of("sync_source", Map.of("source", "helpdesk"),
                            "annotate", Map.of("table", "crm.customers", "column", "email", "pii", false));
                    attempts.forEach((tool, arguments) -> {
                        HttpResponse<String> refused = raw.post(RawMcpHttp.toolCall(2, tool, arguments));
                        assertThat(refused.statusCode()).as(tool).isEqualTo(403);
                    });
                }
            }
        } finally {
            api.stop(0);
        }
    }
}
