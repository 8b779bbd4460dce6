package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.mallard.store.AuditEntry;
import dev.mallard.store.AuditQuery;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log end to end: calls from the MCP Java SDK client to a real server, read back from the
 * state store the server wrote.
 */
class AuditLogTest {
    /** Runs far longer than the read-only server's one-second limit. */
    private static final String LONG_QUERY = "SELECT sum(length(md5(i::VARCHAR))) AS n FROM range(2000000000) t(i)";
    private static final List<String> SECRETS = List.of("very-secret-value", "AKIAEXAMPLE", "hunter2");

    @TempDir
    static Path directory;

    /** The demo, read-only, with a one-second query time limit. */
    private static TestMallard readOnly;
    private static McpSyncClient readOnlyClient;
    /** A small shop database on a --read-write server. */
    private static TestMallard readWrite;
    private static McpSyncClient readWriteClient;

    @BeforeAll
    static void start() {
        readOnly = TestMallard.builder().database("demo", TestData.demo()).timeout(Duration.ofSeconds(1)).start();
        readOnlyClient = readOnly.client();
        Path shop = TestData.database(directory, "shop.duckdb",
                "CREATE TABLE items (id INTEGER PRIMARY KEY, name VARCHAR NOT NULL, price DECIMAL(8,2))",
                "INSERT INTO items VALUES (1, 'kettle', 25.00), (2, 'toaster', 40.00), (3, 'mug', 6.50)");
        readWrite = TestMallard.builder().database("shop", shop).readWrite().start();
        readWriteClient = readWrite.client();
    }

    @AfterAll
    static void stop() {
        if (readOnly != null) {
            readOnly.close();
        }
        if (readWrite != null) {
            readWrite.close();
        }
    }

    /** Entries written since the instant, newest first. */
    private static List<AuditEntry> entriesSince(TestMallard server, Instant since) {
        server.mallard().audit().flush();
        return server.mallard().store().audit().recent(new AuditQuery(since, null, null, 10_000));
    }

    /** A moment strictly after every entry so far and before every later one (entry times are in milliseconds). */
    private static Instant mark() throws InterruptedException {
        Thread.sleep(5);
        Instant mark = Instant.now();
        Thread.sleep(5);
        return mark;
    }

    @Test
    void everyCallIsRecordedWithWhoCalledWhatRanAndHowItEnded() throws InterruptedException {
        Instant since = mark();
        var ok = query(readOnlyClient, "SELECT customer_id FROM customers ORDER BY customer_id LIMIT 3");
        assertThat(rows(ok)).hasSize(3);
        error(query(readOnlyClient, "SELECT no_such_column FROM customers"));
        error(query(readOnlyClient, "DELETE FROM customers"));
        error(query(readOnlyClient, LONG_QUERY));
        assertThat(rows(call(readOnlyClient, "list_tables"))).hasSize(4);
        structured(call(readOnlyClient, "describe_table", "table", "products"));
        error(call(readOnlyClient, "describe_table", "table", "no_such_table"));
        error(call(readOnlyClient, "query_rw", "sql", "DELETE FROM customers"));

        List<AuditEntry> entries = entriesSince(readOnly, since);

        McpSchema.Implementation client = readOnlyClient.getClientInfo();
        assertThat(client.name()).isEqualTo("Java SDK MCP Client");
        assertThat(entries).hasSize(8).allSatisfy(entry -> {
            assertThat(entry.principal()).isEqualTo("local");
            assertThat(entry.clientName()).isEqualTo(client.name());
            assertThat(entry.clientVersion()).isEqualTo(client.version());
            assertThat(entry.sessionId()).isNotBlank();
            assertThat(entry.time()).isAfterOrEqualTo(since);
        });
        assertThat(entries).extracting(AuditEntry::sessionId).containsOnly(entries.getFirst().sessionId());
        assertThat(entries).extracting(AuditEntry::time).isSortedAccordingTo((a, b) -> b.compareTo(a));
        // Newest first: the last call comes first.
        assertThat(entries).extracting(AuditEntry::tool, AuditEntry::outcome, AuditEntry::database).containsExactly(
                tuple("query_rw", "invalid_argument", null),
                tuple("describe_table", "not_found", null),
                tuple("describe_table", "ok", "demo"),
                tuple("list_tables", "ok", "demo"),
                tuple("query", "query_timeout", null),
                tuple("query", "read_only", null),
                tuple("query", "sql_error", null),
                tuple("query", "ok", "demo"));

        AuditEntry select = entries.get(7);
        assertThat(select.sql()).isEqualTo("SELECT customer_id FROM customers ORDER BY customer_id LIMIT 3");
        assertThat(select.rowsReturned()).isEqualTo(3);
        assertThat(select.bytesReturned()).isPositive();
        assertThat(select.error()).isNull();
        assertThat(select.mutationId()).isNull();

        AuditEntry sqlError = entries.get(6);
        assertThat(sqlError.sql()).isEqualTo("SELECT no_such_column FROM customers");
        assertThat(sqlError.error()).contains("no_such_column");
        assertThat(sqlError.rowsReturned()).isNull();
        assertThat(sqlError.bytesReturned()).isNull();

        AuditEntry refused = entries.get(5);
        assertThat(refused.sql()).isEqualTo("DELETE FROM customers");
        assertThat(refused.error()).contains("read-only");

        AuditEntry timedOut = entries.get(4);
        assertThat(timedOut.sql()).isEqualTo(LONG_QUERY);
        assertThat(timedOut.durationMillis()).isGreaterThanOrEqualTo(1_000);
        assertThat(timedOut.error()).isNotBlank();

        AuditEntry listed = entries.get(3);
        assertThat(listed.rowsReturned()).isEqualTo(4);
        assertThat(listed.bytesReturned()).isPositive();
        assertThat(listed.sql()).isNull();

        assertThat(entries.get(2).bytesReturned()).isPositive();
        assertThat(entries.get(1).error()).contains("no_such_table");
        assertThat(entries.get(0).sql()).isEqualTo("DELETE FROM customers");
        assertThat(entries.get(0).error()).contains("read-only");

        assertThat(entries).filteredOn(e -> e.outcome().equals("ok"))
                .allSatisfy(e -> assertThat(e.durationMillis()).isNotNegative());
        assertThat(entries).filteredOn(e -> !e.outcome().equals("ok"))
                .allSatisfy(e -> assertThat(e.error()).isNotBlank());
    }

    @Test
    void queryRwRecordsTheRowsItChangedInTheDatabaseItChanged() throws InterruptedException {
        Instant since = mark();
        structured(call(readWriteClient, "query_rw", "sql", "CREATE TABLE audit_ledger (id INTEGER, amount INTEGER)"));
        structured(call(readWriteClient, "query_rw", "sql", "INSERT INTO audit_ledger SELECT i, i * 10 FROM range(5) t(i)"));
        structured(call(readWriteClient, "query_rw", "sql", "UPDATE audit_ledger SET amount = 0 WHERE id < 2; "
                + "DELETE FROM audit_ledger WHERE id = 4"));
        error(call(readWriteClient, "query_rw", "sql", "INSERT INTO audit_ledger VALUES ('not a number', 1)"));
        assertThat(rows(query(readWriteClient, "SELECT count(*) FROM audit_ledger"))).containsExactly(List.of(4));

        List<AuditEntry> entries = entriesSince(readWrite, since);

        assertThat(entries).extracting(AuditEntry::tool, AuditEntry::outcome, AuditEntry::database,
                AuditEntry::rowsReturned).containsExactly(
                tuple("query", "ok", "shop", 1L),
                tuple("query_rw", "sql_error", null, null),
                tuple("query_rw", "ok", "shop", 3L),
                tuple("query_rw", "ok", "shop", 5L),
                tuple("query_rw", "ok", "shop", null));
        assertThat(entries.get(3).sql()).isEqualTo("INSERT INTO audit_ledger SELECT i, i * 10 FROM range(5) t(i)");
        assertThat(entries.get(1).error()).contains("Conversion");
        assertThat(entries).extracting(AuditEntry::principal).containsOnly("local");
    }

    @Test
    void theLogCanBeFilteredByToolPrincipalTimeAndCount() throws InterruptedException {
        Instant before = mark();
        for (int i = 0; i < 3; i++) {
            query(readOnlyClient, "SELECT " + i + " AS filter_probe");
        }
        call(readOnlyClient, "list_databases");
        Instant middle = mark();
        query(readOnlyClient, "SELECT 3 AS filter_probe");
        call(readOnlyClient, "list_databases");
        readOnly.mallard().audit().flush();
        var audit = readOnly.mallard().store().audit();

        assertThat(audit.recent(new AuditQuery(before, "query", null, 100))).extracting(AuditEntry::sql)
                .containsExactly("SELECT 3 AS filter_probe", "SELECT 2 AS filter_probe", "SELECT 1 AS filter_probe",
                        "SELECT 0 AS filter_probe");
        assertThat(audit.recent(new AuditQuery(before, "list_databases", null, 100))).hasSize(2)
                .extracting(AuditEntry::tool).containsOnly("list_databases");
        assertThat(audit.recent(new AuditQuery(middle, null, null, 100))).extracting(AuditEntry::tool)
                .containsExactly("list_databases", "query");
        assertThat(audit.recent(new AuditQuery(before, null, null, 2))).extracting(AuditEntry::tool)
                .containsExactly("list_databases", "query");
        assertThat(audit.recent(new AuditQuery(before, null, "local", 100))).hasSize(6);
        assertThat(audit.recent(new AuditQuery(before, null, "someone-else", 100))).isEmpty();
        assertThat(audit.recent(new AuditQuery(Instant.now().plusSeconds(60), null, null, 100))).isEmpty();
    }

    @Test
    void secretsInTheSqlNeverReachTheAuditLog() throws InterruptedException {
        List<String> attempts = List.of(
                "CREATE SECRET s (TYPE s3, KEY_ID 'AKIAEXAMPLE', SECRET 'very-secret-value')",
                "CREATE PERSISTENT SECRET s2 (TYPE s3, KEY_ID 'AKIAEXAMPLE', SECRET 'very-secret-value')",
                "CREATE SECRET s3 (TYPE s3, KEY_ID 'AKIAEXAMPLE', SECRET 'very-secret-value'",
                "ATTACH 'postgres:dbname=x password=hunter2' AS p",
                "ATTACH 'dbname=x password=hunter2' AS p (TYPE postgres)");
        Instant since = mark();
        List<String> clientErrors = new ArrayList<>();
        for (String sql : attempts) {
            clientErrors.add(error(query(readOnlyClient, sql)));
            clientErrors.add(error(call(readWriteClient, "query_rw", "sql", sql)));
        }

        // DuckDB creates secrets of type http without an extension: this one succeeds.
        String created = "CREATE SECRET h (TYPE http, BEARER_TOKEN 'very-secret-value')";
        structured(call(readWriteClient, "query_rw", "sql", created));

        List<AuditEntry> entries = Stream.concat(entriesSince(readOnly, since).stream(),
                entriesSince(readWrite, since).stream()).toList();

        assertThat(entries).hasSize(2 * attempts.size() + 1);
        assertThat(entries).extracting(AuditEntry::tool).containsOnly("query", "query_rw");
        assertThat(entries).filteredOn(e -> e.outcome().equals("ok")).singleElement()
                .satisfies(e -> assertThat(e.sql()).isEqualTo("CREATE SECRET h (TYPE http, BEARER_TOKEN '***')"));
        for (AuditEntry entry : entries) {
            String everything = allText(entry);
            assertThat(everything).as("audit entry %s", entry).doesNotContain(SECRETS);
            assertThat(entry.sql()).contains("'***'");
            assertThat(entry.error() != null || entry.outcome().equals("ok")).isTrue();
        }
        // DuckDB's syntax error repeats the secret; the audit log keeps the error without it.
        assertThat(entries).filteredOn(e -> e.sql().startsWith("CREATE SECRET s3")).extracting(AuditEntry::error)
                .allSatisfy(error -> assertThat(error).contains("Parser Error: syntax error at or near \"***\""));
        // What was redacted is only the credentials: the statement stays recognisable.
        assertThat(entries).extracting(AuditEntry::sql).contains(
                "CREATE SECRET s (TYPE s3, KEY_ID '***', SECRET '***')",
                "ATTACH '***' AS p");
        assertThat(clientErrors).hasSize(2 * attempts.size());
    }

    private static String allText(AuditEntry entry) {
        return Stream.of(entry.principal(), entry.clientName(), entry.clientVersion(), entry.sessionId(),
                entry.tool(), entry.database(), entry.sql(), entry.mutationId(), entry.outcome(), entry.error())
                .filter(Objects::nonNull).collect(Collectors.joining("\n"));
    }

    @Test
    void entriesSurviveARestart() throws Exception {
        Path dataDir = Files.createDirectory(directory.resolve("restart"));
        TestMallard first = TestMallard.builder().database("demo", TestData.demo()).dataDir(dataDir).start();
        try {
            McpSyncClient client = first.client();
            for (int i = 0; i < 25; i++) {
                query(client, "SELECT " + i + " AS before_restart");
            }
        } finally {
            // No flush: closing drains what the writer still holds.
            first.close();
        }

        TestMallard second = TestMallard.builder().database("demo", TestData.demo()).dataDir(dataDir).start();
        try {
            query(second.client(), "SELECT 'after restart'");
            List<AuditEntry> entries = entriesSince(second, Instant.EPOCH);
            assertThat(entries).hasSize(26);
            assertThat(entries.getFirst().sql()).isEqualTo("SELECT 'after restart'");
            assertThat(entries.subList(1, 26)).extracting(AuditEntry::sql)
                    .containsExactlyElementsOf(reversed(25, i -> "SELECT " + i + " AS before_restart"));
        } finally {
            second.close();
        }
    }

    @Test
    void aBurstOfConcurrentCallsLosesNoEntry() throws Exception {
        int clients = 8;
        int callsPerClient = 250;
        Path dataDir = Files.createDirectory(directory.resolve("burst"));
        TestMallard server = TestMallard.builder().database("demo", TestData.demo()).dataDir(dataDir).start();
        ExecutorService threads = Executors.newFixedThreadPool(clients);
        try {
            List<McpSyncClient> sdkClients = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                sdkClients.add(server.client());
            }
            List<Future<Integer>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                McpSyncClient client = sdkClients.get(c);
                int clientNumber = c;
                done.add(threads.submit(() -> {
                    for (int i = 0; i < callsPerClient; i++) {
                        if (i % 10 == 9) {
                            call(client, "list_databases");
                        } else {
                            query(client, "SELECT " + clientNumber + " AS c, " + i + " AS i");
                        }
                    }
                    return callsPerClient;
                }));
            }
            int calls = 0;
            for (Future<Integer> future : done) {
                calls += future.get(5, TimeUnit.MINUTES);
            }
            assertThat(calls).isEqualTo(clients * callsPerClient);
        } finally {
            threads.shutdownNow();
            server.close();
        }

        // Read back through a store opened afresh on the closed server's file.
        TestMallard reader = TestMallard.builder().database("demo", TestData.demo()).dataDir(dataDir).start();
        try {
            List<AuditEntry> entries = reader.mallard().store().audit()
                    .recent(new AuditQuery(null, null, null, 100_000));
            assertThat(entries).hasSize(clients * callsPerClient);
            assertThat(entries).extracting(AuditEntry::outcome).containsOnly("ok");
            assertThat(entries.stream().filter(e -> e.tool().equals("query")).map(AuditEntry::sql).distinct())
                    .hasSize(clients * callsPerClient * 9 / 10);
            assertThat(entries).extracting(AuditEntry::sessionId).doesNotContainNull().hasSize(2_000)
                    .filteredOn(Objects::nonNull).satisfies(ids -> assertThat(ids.stream().distinct()).hasSize(clients));
        } finally {
            reader.close();
        }
    }

    private static List<String> reversed(int n, java.util.function.IntFunction<String> item) {
        String[] items = new String[n];
        for (int i = 0; i < n; i++) {
            items[n - 1 - i] = item.apply(i);
        }
        return Arrays.asList(items);
    }
}
