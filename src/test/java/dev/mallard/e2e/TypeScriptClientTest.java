package dev.mallard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.mallard.config.EngineSettings;
import dev.mallard.json.MallardJson;
import dev.mallard.testing.MallardProcess;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mallard as an MCP client written in TypeScript sees it: {@code tests/node/client-test.mjs} drives
 * a server in this JVM over Streamable HTTP and a {@code mallard stdio} process with the official
 * TypeScript SDK, and must report every check passed.
 */
class TypeScriptClientTest {
    private static final Path NODE_TESTS = Path.of("tests", "node").toAbsolutePath();
    private static final Path SCRIPT = NODE_TESTS.resolve("client-test.mjs");
    private static final Path SDK = NODE_TESTS.resolve("node_modules/@modelcontextprotocol/sdk/package.json");
    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final int MIN_NODE_MAJOR = 20;

    @Test
    void officialTypeScriptClientPassesEveryCheck(@TempDir Path stdioDataDir) throws Exception {
        Path node = findNode();
        assertThat(SCRIPT).as("the Node test program").isRegularFile();
        if (!Files.isRegularFile(SDK)) {
            fail("The Node test dependencies are not installed (no " + NODE_TESTS.relativize(SDK) + "). Run "
                    + "`npm ci --prefix tests/node` (or ./test, which does it) and try again.");
        }
        // One worker: the cancellation check proves DuckDB was interrupted by getting the next query through.
        try (TestMallard server = TestMallard.builder()
                .database("demo", TestData.demo())
                .engine(new EngineSettings(2, "1GB", "2GB", 1))
                .start()) {
            List<String> stdio = MallardProcess.command("stdio", "--db", "demo=" + TestData.demo(), "--data-dir",
                    stdioDataDir.toString());
            List<String> command = List.of(node.toString(), SCRIPT.toString(), "--url", server.mcpUri().toString(),
                    "--stdio", MallardJson.mapper().writeValueAsString(stdio));

            Run run = run(command, TIMEOUT);

            if (run.timedOut()) {
                fail("client-test.mjs did not finish within " + TIMEOUT.toSeconds() + " s. Its output:\n" + run.output());
            }
            assertThat(run.exitCode())
                    .as("exit code of client-test.mjs; its output:%n%s", run.output())
                    .isZero();
            assertThat(run.output()).contains("0 failed");
        }
    }

    private record Run(boolean timedOut, int exitCode, String output) {}

    /** Runs the command, copying each line it prints to this test's output as it comes. */
    private static Run run(List<String> command, Duration timeout) throws IOException, InterruptedException {
        long start = System.nanoTime();
        System.out.println("Running: node client-test.mjs --url ... --stdio ...");
        Process process = new ProcessBuilder(command)
                .directory(NODE_TESTS.toFile())
                .redirectErrorStream(true)
                .start();
        process.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        Thread pump = Thread.ofVirtual().name("client-test-output").start(() -> {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                    System.out.println("[node] " + line);
                    synchronized (output) {
                        output.append(line).append('\n');
                    }
                }
            } catch (IOException e) {
                System.out.println("[node] (output ended: " + e.getMessage() + ")");
            }
        });
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            // Node and the stdio server it started.
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        pump.join(Duration.ofSeconds(10));
        System.out.printf("client-test.mjs %s after %d ms%n", finished ? "exited with " + process.exitValue()
                : "was killed", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        synchronized (output) {
            return new Run(!finished, finished ? process.exitValue() : -1, output.toString());
        }
    }

    /** The {@code node} on PATH, checked to be recent enough. */
    private static Path findNode() throws IOException, InterruptedException {
        Optional<Path> found = onPath(System.getProperty("os.name").startsWith("Windows") ? "node.exe" : "node");
        if (found.isEmpty()) {
            fail("`node` is not on PATH. These tests need Node.js " + MIN_NODE_MAJOR + " or newer (with npm): "
                    + "install it, then run `npm ci --prefix tests/node` (or ./test).");
        }
        Path node = found.get();
        Process version = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
        String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        version.waitFor(30, TimeUnit.SECONDS);
        Matcher major = Pattern.compile("^v(\\d+)\\.").matcher(text);
        if (!major.find() || Integer.parseInt(major.group(1)) < MIN_NODE_MAJOR) {
            fail(node + " is Node.js " + text + "; these tests need Node.js " + MIN_NODE_MAJOR + " or newer.");
        }
        return node;
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        for (String directory : path.split(java.io.File.pathSeparator)) {
            try {
                if (!directory.isBlank()) {
                    candidates.add(Path.of(directory).resolve(program));
                }
            } catch (InvalidPathException e) {
                // not a directory this platform can name; skip it
            }
        }
        return candidates.stream().filter(Files::isRegularFile).filter(Files::isExecutable).findFirst();
    }
}
