package dev.mallard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.mcp.conformance.ConformanceFixtures;
import dev.mallard.testing.NodeTests;
import dev.mallard.testing.RawMcpHttp;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance}) against Mallard
 * serving the suite's fixtures (the conformance test profile), in two editions: the stable release's
 * active server scenarios, and the newest alpha (npm alias {@code conformance-next}), which covers
 * the stateless 2026-07-28 era. The alpha runs twice: every scenario it has at its default wire
 * ({@code --suite all}), and the scenarios the 2026-07-28 revision requires at that revision's wire
 * ({@code --requirements 2026-07-28}). Every scenario must pass unless the edition's baseline lists
 * it with the reason; a listed scenario that passes in every run fails the test too, so that the
 * baselines only shrink.
 */
class ConformanceTest {
    private static final Path STABLE = Path.of("node_modules", "@modelcontextprotocol", "conformance", "dist",
            "index.js");
    private static final Path NEXT = Path.of("node_modules", "conformance-next", "dist", "index.js");
    private static final Pattern RESULT_DIRECTORY = Pattern.compile("^server-(.+)-\\d{4}-\\d{2}-\\d{2}T.*$");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path results;

    @Test
    void mallardPassesTheStableSuitesActiveServerScenarios() throws Exception {
        NodeTests.requirePackages("@modelcontextprotocol/conformance");
        check(Path.of("tests", "conformance", "baseline.json"), 20,
                new Run("active", STABLE, List.of("--suite", "active")));
    }

    @Test
    void mallardPassesTheAlphaSuiteWithThe20260728Track() throws Exception {
        NodeTests.requirePackages("conformance-next");
        check(Path.of("tests", "conformance", "baseline-next.json"), 60,
                new Run("all", NEXT, List.of("--suite", "all")),
                new Run("2026-07-28", NEXT, List.of("--requirements", "2026-07-28")));
    }

    /** One run of a suite: its label in the output, its entry point and what it selects. */
    private record Run(String label, Path suite, List<String> selection) {}

    private void check(Path baselineFile, int atLeast, Run... runs) throws Exception {
        Path node = NodeTests.node22();
        Map<String, Map<String, List<String>>> outcomes = new TreeMap<>();
        try (TestMallard server = TestMallard.builder().database("demo", TestData.demo())
                .fixtures(ConformanceFixtures.create()).start()) {
            for (Run run : runs) {
                Path output = Files.createDirectory(results.resolve(run.label()));
                List<String> command = new ArrayList<>(List.of(node.toString(), run.suite().toString(), "server",
                        "--url", server.mcpUri().toString()));
                command.addAll(run.selection());
                command.addAll(List.of("-o", output.toString()));
                NodeTests.Run done = NodeTests.run("conformance " + run.label(), command, Map.of(),
                        Duration.ofMinutes(5));
                assertThat(done.timedOut()).as("the suite (" + run.label() + ") finished in time").isFalse();
                outcomes(output).forEach((scenario, failed) ->
                        outcomes.computeIfAbsent(scenario, name -> new TreeMap<>()).put(run.label(), failed));
            }
        }
        outcomes.forEach((scenario, byRun) -> byRun.forEach((run, failed) -> System.out.printf(
                "conformance %-11s %-48s %s%n", run, scenario, failed.isEmpty() ? "passed" : "FAILED " + failed)));
        assertThat(outcomes).as("scenarios run").hasSizeGreaterThan(atLeast);

        Path baselinePath = baselineFile.toAbsolutePath();
        Map<String, String> baseline = baseline(baselinePath);
        List<String> unexpected = new ArrayList<>();
        outcomes.forEach((scenario, byRun) -> byRun.forEach((run, failed) -> {
            if (!failed.isEmpty() && !baseline.containsKey(scenario)) {
                unexpected.add(scenario + " (" + run + ") " + failed);
            }
        }));
        List<String> stale = baseline.keySet().stream()
                .filter(scenario -> outcomes.getOrDefault(scenario, Map.of()).values().stream().allMatch(List::isEmpty))
                .toList();
        assertThat(baseline).as("every entry of " + baselinePath + " gives its reason").doesNotContainValue("");
        assertThat(unexpected).as("scenarios that fail and are not in " + baselinePath).isEmpty();
        assertThat(stale).as("scenarios in " + baselinePath + " that now pass (or no longer run): remove them")
                .isEmpty();
    }

    @Test
    void theFixturesAreAbsentWithoutTheTestProfile() {
        try (TestMallard server = TestMallard.demo()) {
            McpSyncClient client = server.client();
            assertThat(client.listTools().tools()).extracting(McpSchema.Tool::name)
                    .noneMatch(name -> name.startsWith("test_") || name.startsWith("json_schema"));
            assertThat(client.listResources(null).resources()).extracting(McpSchema.Resource::uri)
                    .noneMatch(uri -> uri.startsWith("test://"));
            assertThat(client.listResourceTemplates().resourceTemplates())
                    .extracting(McpSchema.ResourceTemplate::uriTemplate).containsExactly("mallard://{database}/{schema}/{table}");
            assertThat(client.listPrompts().prompts()).extracting(McpSchema.Prompt::name)
                    .noneMatch(name -> name.startsWith("test_"));
            assertThat(client.getServerCapabilities().resources().subscribe()).isFalse();

            assertThat(statelessNames(server, "tools/list", "tools"))
                    .isNotEmpty().noneMatch(name -> name.startsWith("test_") || name.startsWith("json_schema"));
            assertThat(statelessNames(server, "prompts/list", "prompts"))
                    .isNotEmpty().noneMatch(name -> name.startsWith("test_"));
        }
    }

    /** The names a 2026-07-28 list request answers with, asked without a session. */
    private static List<String> statelessNames(TestMallard server, String method, String field) {
        Map<String, Object> params = Map.of("_meta", Map.of("io.modelcontextprotocol/protocolVersion", "2026-07-28",
                "io.modelcontextprotocol/clientCapabilities", Map.of()));
        try (RawMcpHttp raw = new RawMcpHttp(server.mcpUri())) {
            JsonNode result = RawMcpHttp.messages(raw.post(RawMcpHttp.message(1, method, params),
                    Map.of("MCP-Protocol-Version", "2026-07-28", "Mcp-Method", method))).getLast().get("result");
            return result.get(field).valueStream().map(entry -> entry.get("name").asString()).toList();
        }
    }

    /** Each scenario that ran, with the names of its failed checks (empty when it passed). */
    private static Map<String, List<String>> outcomes(Path results) throws IOException {
        Map<String, List<String>> outcomes = new TreeMap<>();
        try (Stream<Path> directories = Files.list(results)) {
            for (Path directory : directories.toList()) {
                Matcher name = RESULT_DIRECTORY.matcher(directory.getFileName().toString());
                Path checks = directory.resolve("checks.json");
                if (!name.matches() || !Files.isRegularFile(checks)) {
                    continue;
                }
                List<String> failed = new ArrayList<>();
                for (JsonNode check : JSON.readTree(checks.toFile())) {
                    if ("FAILURE".equals(check.path("status").asString())) {
                        failed.add(check.path("name").asString() + ": " + check.path("errorMessage").asString(""));
                    }
                }
                outcomes.put(name.group(1), failed);
            }
        }
        return outcomes;
    }

    /** The expected failures: scenario → why it cannot pass yet. */
    private static Map<String, String> baseline(Path file) throws IOException {
        Map<String, String> expected = new TreeMap<>();
        for (JsonNode entry : JSON.readTree(file.toFile()).path("expectedFailures")) {
            expected.put(entry.path("scenario").asString(), entry.path("reason").asString());
        }
        return expected;
    }
}
