package dev.mallard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.mcp.conformance.ConformanceFixtures;
import dev.mallard.testing.NodeTests;
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
 * The official MCP conformance suite ({@code @modelcontextprotocol/conformance}, its active server
 * scenarios) against Mallard serving the suite's fixtures (the conformance test profile). Every
 * scenario must pass unless {@code tests/conformance/baseline.json} lists it with the reason; a listed
 * scenario that passes fails the test too, so that the baseline only shrinks.
 */
class ConformanceTest {
    private static final Path BASELINE = Path.of("tests", "conformance", "baseline.json").toAbsolutePath();
    private static final Path SUITE = Path.of("node_modules", "@modelcontextprotocol", "conformance", "dist",
            "index.js");
    private static final Pattern RESULT_DIRECTORY = Pattern.compile("^server-(.+)-\\d{4}-\\d{2}-\\d{2}T.*$");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path results;

    @Test
    void mallardPassesTheActiveServerScenarios() throws Exception {
        NodeTests.requirePackages("@modelcontextprotocol/conformance");
        Path node = NodeTests.node22();
        Map<String, List<String>> outcomes;
        try (TestMallard server = TestMallard.builder().database("demo", TestData.demo())
                .fixtures(ConformanceFixtures.create()).start()) {
            NodeTests.Run run = NodeTests.run("conformance", List.of(node.toString(), SUITE.toString(), "server",
                    "--url", server.mcpUri().toString(), "--suite", "active", "-o", results.toString()), Map.of(),
                    Duration.ofMinutes(5));
            assertThat(run.timedOut()).as("the suite finished in time").isFalse();
            outcomes = outcomes(results);
        }
        outcomes.forEach((scenario, failed) -> System.out.printf("conformance %-36s %s%n", scenario,
                failed.isEmpty() ? "passed" : "FAILED " + failed));
        assertThat(outcomes).as("scenarios run").hasSizeGreaterThan(20);

        Map<String, String> baseline = baseline();
        List<String> unexpected = outcomes.entrySet().stream()
                .filter(entry -> !entry.getValue().isEmpty() && !baseline.containsKey(entry.getKey()))
                .map(entry -> entry.getKey() + " " + entry.getValue()).toList();
        List<String> stale = baseline.keySet().stream()
                .filter(scenario -> outcomes.getOrDefault(scenario, List.of()).isEmpty()).toList();
        assertThat(unexpected).as("scenarios that fail and are not in " + BASELINE).isEmpty();
        assertThat(stale).as("scenarios in " + BASELINE + " that now pass (or no longer run): remove them").isEmpty();
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
    private static Map<String, String> baseline() throws IOException {
        Map<String, String> expected = new TreeMap<>();
        for (JsonNode entry : JSON.readTree(BASELINE.toFile()).path("expectedFailures")) {
            expected.put(entry.path("scenario").asString(), entry.path("reason").asString());
        }
        return expected;
    }
}
