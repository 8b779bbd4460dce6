package dev.mallard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mallard.config.EngineSettings;
import dev.mallard.json.MallardJson;
import dev.mallard.testing.MallardProcess;
import dev.mallard.testing.NodeTests;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mallard as an MCP client written in TypeScript sees it: {@code tests/node/client-test.mjs} drives
 * a server in this JVM over Streamable HTTP and a {@code mallard stdio} process with the official
 * TypeScript SDK, and must report every check passed.
 */
class TypeScriptClientTest {
    private static final Path SCRIPT = NodeTests.DIRECTORY.resolve("client-test.mjs");
    private static final Duration TIMEOUT = Duration.ofSeconds(180);

    @Test
    void officialTypeScriptClientPassesEveryCheck(@TempDir Path stdioDataDir) throws Exception {
        Path node = NodeTests.node();
        assertThat(SCRIPT).as("the Node test program").isRegularFile();
        NodeTests.requirePackages("@modelcontextprotocol/sdk");
        // One worker: the cancellation check proves DuckDB was interrupted by getting the next query through.
        try (TestMallard server = TestMallard.builder()
                .database("demo", TestData.demo())
                .engine(new EngineSettings(2, "1GB", "2GB", 1))
                .start()) {
            List<String> stdio = MallardProcess.command("stdio", "--db", "demo=" + TestData.demo(), "--data-dir",
                    stdioDataDir.toString());
            List<String> command = List.of(node.toString(), SCRIPT.toString(), "--url", server.mcpUri().toString(),
                    "--stdio", MallardJson.mapper().writeValueAsString(stdio));

            System.out.println("Running: node client-test.mjs --url ... --stdio ...");
            NodeTests.Run run = NodeTests.run("client-test.mjs", command, Map.of(), TIMEOUT);

            if (run.timedOut()) {
                fail("client-test.mjs did not finish within " + TIMEOUT.toSeconds() + " s. Its output:\n" + run.output());
            }
            assertThat(run.exitCode())
                    .as("exit code of client-test.mjs; its output:%n%s", run.output())
                    .isZero();
            assertThat(run.output()).doesNotContain("not ok - ").containsPattern("(?m)^# \\d+ checks: \\d+ passed, 0 failed");
        }
    }
}
