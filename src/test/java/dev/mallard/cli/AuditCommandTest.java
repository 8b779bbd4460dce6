package dev.mallard.cli;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.audit.AuditWriter;
import dev.mallard.json.MallardJson;
import dev.mallard.store.AuditEntry;
import dev.mallard.store.AuditQuery;
import dev.mallard.store.JdbcStateStore;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mallard audit} run in-process against data directories with real audit logs. */
class AuditCommandTest {
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    private static final String LONG_SQL = """
            SELECT c.customer_id,
                   c.email,
                   sum(o.total) AS spent
            FROM customers c JOIN orders o USING (customer_id)
            WHERE o.ordered_at >= DATE '2025-01-01'
            GROUP BY ALL ORDER BY spent DESC""";

    @TempDir
    static Path temp;

    /** A data directory whose audit log was written through the store and the writer, with known times. */
    private static Path recorded;
    private static List<AuditEntry> written;

    private static CommandRun audit(Path dataDir, String... args) {
        List<String> all = new ArrayList<>(List.of("audit", "--data-dir", dataDir.toString()));
        all.addAll(Arrays.asList(args));
        return run(Map.of(), all.toArray(String[]::new));
    }

    private static AuditEntry entry(Duration ago, String principal, String tool, String database, String sql,
            String mutationId, String outcome, Long rows, long millis, String error) {
        return new AuditEntry(NOW.minus(ago), principal, null, "Claude Desktop", "0.9.2", "session-1", tool, database, sql,
                mutationId, outcome, rows, "ok".equals(outcome) ? 512L : null, millis, error);
    }

    @BeforeAll
    static void record() throws IOException {
        recorded = Files.createDirectory(temp.resolve("recorded"));
        written = List.of(
                entry(Duration.ofDays(3), "local", "list_tables", "demo", null, null, "ok", 4L, 3, null),
                entry(Duration.ofHours(5), "local", "query", "demo", LONG_SQL, null, "ok", 20L, 140, null),
                entry(Duration.ofHours(2), "alice", "query", null, "SELECT nope FROM customers", null, "sql_error",
                        null, 2, "Binder Error: Referenced column \"nope\" not found in FROM clause!\nLINE 1: ..."),
                entry(Duration.ofMinutes(40), "alice", "query_rw", "demo", "DELETE FROM orders WHERE id = 1", null,
                        "ok", 1L, 8, null),
                entry(Duration.ofMinutes(20), "local", "confirm_mutation", "demo", null, "mut_0a1b2c3d", "ok", 12L,
                        25, null),
                entry(Duration.ofMinutes(10), "local", "query", "demo", "SELECT '\u001b[31mred\u001b[0m', '\u202egnp.exe'",
                        null, "ok", 1L, 1, null));
        try (JdbcStateStore store = JdbcStateStore.sqlite(recorded.resolve("mallard.db"));
                AuditWriter writer = new AuditWriter(store.audit())) {
            written.forEach(writer::record);
        }
    }

    @Test
    void theTableShowsTheNewestCallsFirstOnOneLineEach() {
        CommandRun run = audit(recorded);

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        List<String> lines = run.lines();
        assertThat(lines.getFirst()).startsWith("TIME (UTC)").contains("PRINCIPAL", "CLIENT", "TOOL", "DATABASE",
                "OUTCOME", "ROWS", "MS", "SQL / MUTATION");
        // Six entries, and one more line for the failed call's error.
        assertThat(lines).hasSize(1 + 6 + 1);
        assertThat(lines.get(1)).startsWith(AuditCommand.time(written.get(5).time()))
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ .*")
                .contains("local", "Claude Desktop 0.9.2", "query", "demo", "ok");
        assertThat(lines.get(2)).contains("confirm_mutation", "mutation mut_0a1b2c3d").containsPattern("\\s12\\s+25\\s");
        assertThat(lines.get(3)).contains("alice", "query_rw", "DELETE FROM orders WHERE id = 1");
        assertThat(lines.get(4)).contains("alice", "query", "sql_error", "SELECT nope FROM customers")
                .containsPattern("\\s-\\s+2\\s");
        assertThat(lines.get(5).strip()).isEqualTo(
                "-> Binder Error: Referenced column \"nope\" not found in FROM clause!");
        // The error sits under the outcome column.
        assertThat(lines.get(5).indexOf("->")).isEqualTo(lines.get(4).indexOf("sql_error"));
        assertThat(lines.get(6)).contains("query", "20", "140",
                "SELECT c.customer_id, c.email, sum(o.total) AS spent FROM...");
        assertThat(lines.get(7)).contains("list_tables", "demo", "ok").endsWith("-");
        // The SQL column is one line of at most 60 characters.
        assertThat(lines.get(6).substring(lines.get(0).indexOf("SQL / MUTATION"))).hasSizeLessThanOrEqualTo(60);
        // Terminal control and bidirectional-override characters from a client never reach the terminal.
        assertThat(run.out()).doesNotContain("\u001b", "\u202e").contains("SELECT ' [31mred [0m', ' gnp.exe'");
    }

    @Test
    void jsonHasOneObjectPerLineWithEveryField() {
        CommandRun run = audit(recorded, "--json");

        assertThat(run.exitCode()).isZero();
        assertThat(run.err()).isEmpty();
        List<Map<String, Object>> objects = run.lines().stream().map(AuditCommandTest::parse).toList();
        assertThat(objects).hasSize(6);
        assertThat(objects).allSatisfy(object -> assertThat(object).containsOnlyKeys("time", "principal", "client_id",
                "client_name", "client_version", "session_id", "tool", "database", "sql", "mutation_id", "outcome",
                "rows_returned", "bytes_returned", "duration_ms", "error"));
        for (int i = 0; i < 6; i++) {
            AuditEntry expected = written.get(5 - i);
            Map<String, Object> object = objects.get(i);
            assertThat(Instant.parse((String) object.get("time"))).isEqualTo(expected.time());
            assertThat(object).containsEntry("principal", expected.principal())
                    .containsEntry("client_name", "Claude Desktop").containsEntry("client_version", "0.9.2")
                    .containsEntry("session_id", "session-1").containsEntry("tool", expected.tool())
                    .containsEntry("database", expected.database()).containsEntry("sql", expected.sql())
                    .containsEntry("mutation_id", expected.mutationId()).containsEntry("outcome", expected.outcome())
                    .containsEntry("error", expected.error());
            assertThat(object.get("rows_returned") == null ? null : ((Number) object.get("rows_returned")).longValue())
                    .isEqualTo(expected.rowsReturned());
            assertThat(((Number) object.get("duration_ms")).longValue()).isEqualTo(expected.durationMillis());
        }
        assertThat(objects.get(3).get("error")).asString().contains("\nLINE 1");
        assertThat(objects.get(4).get("sql")).isEqualTo(LONG_SQL);
        assertThat(objects.get(0)).containsEntry("bytes_returned", 512);
        assertThat(objects.get(3)).containsEntry("bytes_returned", null);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(String line) {
        return MallardJson.mapper().readValue(line, Map.class);
    }

    private static List<String> tools(CommandRun run) {
        assertThat(run.exitCode()).as(run.err()).isZero();
        return run.lines().stream().map(AuditCommandTest::parse).map(o -> (String) o.get("tool")).toList();
    }

    @Test
    void filtersSelectByToolPrincipalTimeAndCount() throws IOException {
        assertThat(tools(audit(recorded, "--json", "--tool", "query")))
                .containsExactly("query", "query", "query");
        assertThat(tools(audit(recorded, "--json", "--principal", "alice"))).containsExactly("query_rw", "query");
        assertThat(tools(audit(recorded, "--json", "--principal", "alice", "--tool", "query_rw")))
                .containsExactly("query_rw");
        assertThat(tools(audit(recorded, "--json", "--since", "1h")))
                .containsExactly("query", "confirm_mutation", "query_rw");
        assertThat(tools(audit(recorded, "--json", "--since", "30m"))).containsExactly("query", "confirm_mutation");
        assertThat(tools(audit(recorded, "--json", "--since", "1d"))).hasSize(5);
        assertThat(tools(audit(recorded, "--json", "--since", "1w"))).hasSize(6);
        String threeHoursAgo = NOW.minus(Duration.ofHours(3)).truncatedTo(ChronoUnit.SECONDS).toString();
        assertThat(tools(audit(recorded, "--json", "--since", threeHoursAgo))).hasSize(4);
        assertThat(tools(audit(recorded, "--json", "--since", NOW.minus(Duration.ofDays(2)).toString().substring(0, 10))))
                .hasSize(5);
        assertThat(tools(audit(recorded, "--json", "--limit", "2"))).containsExactly("query", "confirm_mutation");
        // Reading leaves no files behind (such as SQLite's -wal and -shm).
        try (Stream<Path> files = Files.list(recorded)) {
            assertThat(files).extracting(p -> p.getFileName().toString()).containsExactly("mallard.db");
        }

        CommandRun limited = audit(recorded, "--limit", "2");
        assertThat(limited.lines()).hasSize(4)
                .last().isEqualTo("(the newest 2 shown; --limit N shows more, --since narrows)");
    }

    @Test
    void aDirectoryWithoutAStoreIsSaidSoAndLeftUntouched() throws IOException {
        Path empty = Files.createDirectory(temp.resolve("empty"));
        CommandRun run = audit(empty);
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().strip()).isEqualTo("No audit log in " + empty + " yet: Mallard records one there once it "
                + "serves.");
        try (Stream<Path> files = Files.list(empty)) {
            assertThat(files).isEmpty();
        }

        // A store file without an audit log in it (as a failed first start may leave) reads the same.
        Path blank = Files.createDirectory(temp.resolve("blank"));
        Files.createFile(blank.resolve("mallard.db"));
        CommandRun blankRun = audit(blank);
        assertThat(blankRun.exitCode()).as(blankRun.err()).isZero();
        assertThat(blankRun.out()).contains("No audit log in " + blank + " yet");
        assertThat(blank.resolve("mallard.db")).isEmptyFile();

        Path missing = temp.resolve("missing");
        CommandRun json = audit(missing, "--json");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).isEmpty();
        assertThat(json.err()).contains("No audit log in " + missing + " yet");
        assertThat(missing).doesNotExist();
    }

    @Test
    void noMatchingEntriesIsSaidSoWithAHint() {
        CommandRun recent = audit(recorded, "--since", "1m");
        assertThat(recent.exitCode()).isZero();
        assertThat(recent.out().strip()).startsWith("No audit entries since ").endsWith("; try a longer --since.");

        CommandRun tool = audit(recorded, "--tool", "search_catalog");
        assertThat(tool.out().strip()).isEqualTo("No audit entries of tool search_catalog; try other filters.");

        CommandRun json = audit(recorded, "--json", "--principal", "bob", "--since", "5m");
        assertThat(json.exitCode()).isZero();
        assertThat(json.out()).isEmpty();
        assertThat(json.err()).contains("No audit entries by bob since", "try a longer --since or other filters.");
    }

    @Test
    void aBadSinceOrLimitIsAUsageError() {
        for (String since : List.of("yesterday", "15 minutes", "2026-13-45", "-5m", "")) {
            CommandRun run = audit(recorded, "--since", since);
            assertThat(run.exitCode()).as(since).isEqualTo(2);
            assertThat(run.out()).isEmpty();
            assertThat(run.err()).contains("is not a time", "15m, 2h, 7d", "2026-11-21", "2026-11-21T10:00:00Z");
        }
        CommandRun zero = audit(recorded, "--limit", "0");
        assertThat(zero.exitCode()).isEqualTo(2);
        assertThat(zero.err()).contains("--limit must be 1 or more");
    }

    @Test
    void sinceAcceptsDurationsAndIsoTimes() {
        Instant now = Instant.parse("2026-11-21T12:00:00Z");
        assertThat(AuditCommand.SinceConverter.parse("15m", now)).contains(Instant.parse("2026-11-21T11:45:00Z"));
        assertThat(AuditCommand.SinceConverter.parse("2h", now)).contains(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(AuditCommand.SinceConverter.parse("7D", now)).contains(Instant.parse("2026-11-14T12:00:00Z"));
        assertThat(AuditCommand.SinceConverter.parse("30s", now)).contains(Instant.parse("2026-11-21T11:59:30Z"));
        assertThat(AuditCommand.SinceConverter.parse("2w", now)).contains(Instant.parse("2026-11-07T12:00:00Z"));
        assertThat(AuditCommand.SinceConverter.parse("2026-11-21T10:00:00Z", now))
                .contains(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(AuditCommand.SinceConverter.parse("2026-11-21T12:00:00+02:00", now))
                .contains(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(AuditCommand.SinceConverter.parse("2026-11-21T10:00", now))
                .contains(Instant.parse("2026-11-21T10:00:00Z"));
        assertThat(AuditCommand.SinceConverter.parse("2026-11-21", now)).contains(Instant.parse("2026-11-21T00:00:00Z"));
        assertThat(AuditCommand.SinceConverter.parse("soon", now)).isEmpty();
    }

    @Test
    void theDataDirectoryComesFromTheEnvironmentOrTheConfigFileToo() throws IOException {
        CommandRun fromEnvironment = run(Map.of("MALLARD_DATA_DIR", recorded.toString()), "audit", "--json");
        assertThat(fromEnvironment.lines()).hasSize(6);

        Path config = temp.resolve("audit-config.yaml");
        Files.writeString(config, "data-dir: " + recorded + "\n");
        CommandRun fromFile = run(Map.of(), "audit", "--config", config.toString(), "--json", "--limit", "1");
        assertThat(fromFile.lines()).hasSize(1);
    }

    @Test
    void helpDescribesTheOptions() {
        CommandRun run = run(Map.of(), "audit", "--help");
        assertThat(run.exitCode()).isZero();
        assertThat(run.out().replaceAll("\\s+", " ")).contains("--data-dir", "--since", "--tool", "--principal",
                "--limit", "--json", "default: 50", "Times are UTC", "./mallard audit --since 2h --tool query");
        assertThat(run(Map.of(), "--help").out()).contains("audit");
    }

    @Test
    void readsTheLogOfARunningServer() throws Exception {
        Path dataDir = Files.createDirectory(temp.resolve("live"));
        try (TestMallard server = TestMallard.builder().database("demo", TestData.demo()).dataDir(dataDir).start()) {
            McpSyncClient client = server.client();
            query(client, "SELECT count(*) FROM orders");
            query(client, "SELECT broken FROM");
            call(client, "list_tables");
            server.mallard().audit().flush();

            CommandRun table = audit(dataDir);
            assertThat(table.exitCode()).as(table.err()).isZero();
            assertThat(table.lines()).hasSize(1 + 3 + 1);
            assertThat(table.lines().get(1)).contains("local", "Java SDK MCP Client", "list_tables", "demo", "ok");
            assertThat(table.lines().get(2)).contains("query", "sql_error", "SELECT broken FROM");
            assertThat(table.lines().get(3).strip()).startsWith("-> Parser Error: syntax error at or near \"FROM\"");
            assertThat(table.lines().get(4)).contains("query", "demo", "ok", "SELECT count(*) FROM orders")
                    .containsPattern("\\s1\\s");

            // The server keeps writing while the command reads.
            query(client, "SELECT 'after the first read'");
            server.mallard().audit().flush();
            assertThat(tools(audit(dataDir, "--json"))).hasSize(4);
            assertThat(server.mallard().store().audit().recent(new AuditQuery(null, null, null, 10))).hasSize(4);
        }
    }
}
