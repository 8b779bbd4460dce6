package dev.mallard.cli;

import dev.mallard.bench.Benchmark;
import dev.mallard.bench.BenchmarkReport;
import dev.mallard.bench.BenchmarkSettings;
import dev.mallard.bench.LoopbackTarget;
import dev.mallard.demo.DemoDatabase;
import dev.mallard.error.MallardException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mallard bench}: the load generator; the work is in {@link Benchmark}. */
@Command(name = "bench", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Load an MCP server with a workload of tools/call from many sessions (the official MCP Java "
                + "SDK client), then run the same SQL mix directly on DuckDB JDBC in this process (the engine "
                + "baseline) at the same concurrency, and report calls/s, errors by kind (transport, JSON-RPC, "
                + "tool error, wrong answer), latency percentiles, result sizes, the server's RSS and CPU, this "
                + "client's CPU, and the Mallard / engine ratios. Calls in the warm-up are not counted.",
                "Exit status: 0 when every call succeeded and every answer check passed, 3 when some did not, "
                        + "2 for a usage error."},
        footer = {"", "Examples:",
                "  KEY=$(./mallard keys create --user bench --scopes read)",
                "  ./mallard bench --api-key $KEY --workload bench/workloads/agentic.yaml --concurrency 8 --duration 60",
                "  ./mallard bench --workload bench/workloads/light.yaml --sessions 200 --active 20 --json",
                "  ./mallard bench --workload bench/workloads/light.yaml --duration 600 --rss-every 10"})
final class BenchCommand implements Callable<Integer> {
    static final int FAILED_CALLS = 3;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataDirOptions files = new DataDirOptions();

    @Option(names = "--url", paramLabel = "URL", description = "The MCP endpoint (default: ${DEFAULT-VALUE}). "
            + "Only loopback addresses unless --allow-remote.")
    String url = "http://127.0.0.1:8765/mcp";

    @Option(names = "--allow-remote", description = "Allow a URL that is not a loopback address. Only load "
            + "servers you are allowed to load.")
    boolean allowRemote;

    @Option(names = "--workload", required = true, paramLabel = "FILE", description = "A workload file (YAML or "
            + "JSON), e.g. bench/workloads/agentic.yaml.")
    Path workload;

    @Option(names = {"--concurrency", "--active"}, paramLabel = "N", description = "Sessions calling in a closed "
            + "loop (default: ${DEFAULT-VALUE}); the engine baseline uses as many threads.")
    int concurrency = 8;

    @Option(names = "--sessions", paramLabel = "M", description = "Sessions opened, initialised and held for the "
            + "whole run; the first N of them call (default: as many as --concurrency).")
    int sessions;

    @Option(names = "--duration", paramLabel = "TIME", converter = DurationConverter.class, description = "Measured "
            + "time per phase: seconds or 30s, 2m (default: 30s).")
    Duration duration = Duration.ofSeconds(30);

    @Option(names = "--warm-up", paramLabel = "TIME", converter = DurationConverter.class, description = "Time "
            + "before each phase's measurement, not counted (default: 120s: under load a JVM server, Mallard "
            + "included, compiles its hot code for the first minute or two on a small busy machine, and so does "
            + "this load client).")
    Duration warmUp = Duration.ofSeconds(120);

    @Option(names = "--api-key", paramLabel = "KEY", defaultValue = "${env:MALLARD_BENCH_API_KEY}",
            description = "Sent as 'Authorization: Bearer KEY' (default: $MALLARD_BENCH_API_KEY).")
    String apiKey;

    @Option(names = "--engine-db", paramLabel = "FILE", description = "The DuckDB file for the engine baseline "
            + "and the answer checks, opened read-only (default: the demo in the data directory).")
    Path engineDb;

    @Option(names = "--no-engine", description = "Skip the engine baseline (answers are then checked only by "
            + "row counts and values the workload states).")
    boolean noEngine;

    @Option(names = "--rss-every", paramLabel = "TIME", converter = DurationConverter.class, description = "Print "
            + "the server's RSS this often during the run, and its growth after the first minute (soak runs).")
    Duration rssEvery;

    @Option(names = "--server-pid", paramLabel = "PID", description = "The server's process id, when it cannot be "
            + "found from the URL's port.")
    long serverPid = -1;

    @Option(names = "--check-sample", paramLabel = "N", description = "Answers compared with the engine after the "
            + "run, at most (default: ${DEFAULT-VALUE}).")
    int checkSample = 2000;

    @Option(names = "--seed", paramLabel = "N", description = "Seed of the randomised parameters (default: "
            + "${DEFAULT-VALUE}).")
    long seed = 1;

    @Option(names = "--json", description = "Print the report as JSON.")
    boolean json;

    @Override
    public Integer call() throws InterruptedException {
        if (concurrency < 1 || (sessions != 0 && sessions < concurrency)) {
            throw MallardException.invalidArgument("--concurrency must be at least 1, and --sessions at least "
                    + "--concurrency (--active) when given.");
        }
        if (duration.isZero() || duration.isNegative()) {
            throw MallardException.invalidArgument("--duration must be positive, e.g. 30s.");
        }
        BenchmarkSettings settings = new BenchmarkSettings(LoopbackTarget.require(url, allowRemote), workload,
                concurrency, Math.max(sessions, concurrency), warmUp, duration, blankToNull(apiKey), engineDatabase(),
                rssEvery, serverPid, seed, checkSample);
        PrintWriter out = spec.commandLine().getOut();
        BenchmarkReport report = new Benchmark(settings, spec.commandLine().getErr()).run();
        out.print(json ? report.json() + "\n" : report.text());
        out.flush();
        return report.failed() ? FAILED_CALLS : 0;
    }

    private Path engineDatabase() {
        if (noEngine) {
            return null;
        }
        if (engineDb != null) {
            return engineDb;
        }
        Path demo = files.dataDir().resolve(DemoDatabase.NAME + ".duckdb");
        return Files.isRegularFile(demo) ? demo : null;
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
