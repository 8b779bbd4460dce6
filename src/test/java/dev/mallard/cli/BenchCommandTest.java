package dev.mallard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code mallard bench} against a real server with API-key auth, run in-process: short runs of
 * the two shipped workloads, wrong answers caught, and the refusals.
 */
class BenchCommandTest {
    private static final AuthSettings KEYS = new AuthSettings(AuthMode.KEYS, false, OAuthSettings.defaults());

    private static TestMallard server;
    private static String key;

    @TempDir
    Path directory;

    @BeforeAll
    static void start() {
        server = TestMallard.builder().database("demo", TestData.demo()).auth(KEYS).start();
        key = server.readerKey("bench", "*");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void agenticWorkloadRunsWithoutErrorsAndItsCountsAddUp() {
        JsonNode report = shortRun("bench/workloads/agentic.yaml");

        assertCleanRun(report, 7);
    }

    @Test
    void lightWorkloadRunsWithoutErrorsAndItsCountsAddUp() {
        JsonNode report = shortRun("bench/workloads/light.yaml");

        assertCleanRun(report, 7);
    }

    @Test
    void heldSessionsAreOpenedWhileOnlyTheActiveOnesCall() {
        CommandRun run = bench(server, "--workload", "bench/workloads/light.yaml", "--sessions", "6", "--active", "2",
                "--api-key", key, "--no-engine", "--json");

        assertThat(run.exitCode()).as(run.err()).isZero();
        JsonNode report = JsonMapper.shared().readTree(run.out());
        assertThat(report.path("sessions").asInt()).isEqualTo(6);
        assertThat(report.path("concurrency").asInt()).isEqualTo(2);
        assertThat(report.has("engine")).isFalse();
        assertThat(run.err()).contains("Opening 6 MCP session(s)", "2 session(s) calling, 6 held");
    }

    @Test
    void soakModePrintsTheServersRssAsItGoes() {
        CommandRun run = bench(server, "--workload", "bench/workloads/select42.yaml", "--concurrency", "1",
                "--api-key", key, "--rss-every", "500ms", "--no-engine");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.err().lines().filter(line -> line.matches("\\s+\\d+ s  server RSS \\d+ MB"))).hasSizeGreaterThan(2);
        assertThat(run.out()).contains("server (pid " + ProcessHandle.current().pid() + "): CPU ");
    }

    @Test
    void aServerAnsweringFromOtherDataFailsWithWrongAnswers() throws IOException {
        Path workload = workload("""
                entries:
                  - name: count orders
                    tool: query
                    arguments: { sql: "SELECT count(*) FROM orders" }
                    check: { same_as: { at: /rows/0/0, sql: "SELECT count(*) FROM orders" } }
                """);
        // The same table name, other data: fast answers, but not the engine's.
        try (TestMallard impostor = TestMallard.builder().database("demo", TestData.sales(directory)).auth(KEYS)
                .start()) {
            CommandRun run = bench(impostor, "--workload", workload.toString(), "--api-key",
                    impostor.readerKey("bench", "*"), "--json");

            assertThat(run.exitCode()).as(run.err()).isEqualTo(BenchCommand.FAILED_CALLS);
            JsonNode mallard = JsonMapper.shared().readTree(run.out()).path("mallard");
            assertThat(mallard.path("errors").path("wrong_answer").asLong()).isPositive();
            assertThat(mallard.path("error_examples").path("wrong_answer").get(0).asString())
                    .contains("count orders: /rows/0/0 is 2, the engine says 1200000");
        }
    }

    @Test
    void anAnswerFailingTheWorkloadsOwnCheckAndAToolErrorAreCountedByKind() throws IOException {
        Path workload = workload("""
                entries:
                  - name: one row expected as two
                    tool: query
                    params: { id: "int:1:1000" }
                    arguments: { sql: "SELECT product_id FROM products WHERE product_id = ${id}" }
                    check: { rows: 2 }
                  - name: bad sql
                    tool: query
                    arguments: { sql: "SELECT * FROM no_such_table" }
                """);

        CommandRun run = bench(server, "--workload", workload.toString(), "--api-key", key, "--no-engine");

        assertThat(run.exitCode()).as(run.err()).isEqualTo(BenchCommand.FAILED_CALLS);
        assertThat(run.out()).contains("wrong answer: ", "one row expected as two: expected 2 rows, got 1",
                "tool error: ", "bad sql: ", "no_such_table", "FAILED");
    }

    @Test
    void aNonLoopbackUrlIsRefusedUnlessAllowed() {
        CommandRun run = CommandRun.run(Map.of(), "bench", "--url", "http://192.0.2.1:8765/mcp", "--workload",
                "bench/workloads/light.yaml");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("http://192.0.2.1:8765/mcp is not a loopback address", "--allow-remote");
    }

    @Test
    void aServerThatRefusesTheKeyIsReportedBeforeAnyLoad() {
        CommandRun run = bench(server, "--workload", "bench/workloads/light.yaml", "--api-key", "wrong-key",
                "--no-engine");

        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("Could not open an MCP session to " + server.mcpUri(), "--api-key");
    }

    @Test
    void aBadWorkloadFileNamesTheEntryAndWhatToFix() throws IOException {
        Path missingTool = workload("""
                entries:
                  - name: fine
                    tool: list_tables
                    engine_sql: SELECT 1
                  - name: no tool here
                    arguments: { sql: "SELECT 1" }
                """);
        Path unknownParameter = workload("""
                entries:
                  - tool: query
                    arguments: { sql: "SELECT ${nope}" }
                """);
        Path notYaml = workload("entries:\n  - tool: query\n    arguments: {sql: \"SELECT 1\"\n");

        assertThat(bench(server, "--workload", missingTool.toString()).err())
                .contains("entry 2 ('no tool here'): 'tool' is missing");
        assertThat(bench(server, "--workload", unknownParameter.toString()).err())
                .contains("entry 1: '${nope}' names no parameter of this entry");
        CommandRun syntax = bench(server, "--workload", notYaml.toString());
        assertThat(syntax.exitCode()).isEqualTo(2);
        assertThat(syntax.err()).contains("is not valid YAML or JSON", "(line ");
    }

    private static JsonNode shortRun(String workload) {
        CommandRun run = bench(server, "--workload", workload, "--api-key", key, "--engine-db",
                TestData.demo().toString(), "--json");
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        return JsonMapper.shared().readTree(run.out());
    }

    private static void assertCleanRun(JsonNode report, int entries) {
        JsonNode mallard = report.path("mallard");
        assertThat(mallard.path("calls").asLong()).isPositive();
        assertThat(mallard.path("errors").values()).allSatisfy(count -> assertThat(count.asLong()).isZero());
        long byEntry = mallard.path("entries").values().stream().mapToLong(e -> e.path("count").asLong()).sum();
        assertThat(byEntry).isEqualTo(mallard.path("calls").asLong());
        // A short run on a busy machine may not draw every entry: only some of the seven are sure to appear.
        assertThat(mallard.path("entries").size()).isBetween(1, entries);
        assertThat(mallard.path("latency_ms").path("count").asLong()).isEqualTo(mallard.path("calls").asLong());
        assertThat(mallard.path("server").path("pid").asLong()).isEqualTo(ProcessHandle.current().pid());
        assertThat(mallard.path("server").path("rss_mb_max").asDouble()).isPositive();
        for (JsonNode phase : List.of(mallard, report.path("engine"))) {
            assertThat(phase.path("machine").path("steal_percent").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(phase.path("machine").path("other_cpu_percent").asDouble()).isGreaterThanOrEqualTo(0);
            assertThat(phase.path("machine").path("client_compiler_cpu_percent").asDouble()).isGreaterThanOrEqualTo(0);
        }
        assertThat(mallard.path("machine").path("server_compiler_cpu_percent").asDouble()).isGreaterThanOrEqualTo(0);
        assertThat(report.path("engine_checked_answers").asInt()).isPositive();
        assertThat(report.path("engine").path("calls").asLong()).isPositive();
        assertThat(report.path("ratio_throughput").asDouble()).isPositive();
        assertThat(report.path("failed").asBoolean()).isFalse();
    }

    private static CommandRun bench(TestMallard target, String... options) {
        String[] args = new String[options.length + 7];
        args[0] = "bench";
        args[1] = "--url";
        args[2] = target.mcpUri().toString();
        args[3] = "--duration";
        args[4] = "2";
        args[5] = "--warm-up";
        args[6] = "0"; // nothing here is timed: keep the runs short
        System.arraycopy(options, 0, args, 7, options.length);
        return CommandRun.run(Map.of(), args);
    }

    private Path workload(String text) throws IOException {
        return Files.writeString(Files.createTempFile(directory, "workload", ".yaml"), text);
    }
}
