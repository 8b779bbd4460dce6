package dev.mallard.bench;

import dev.mallard.error.MallardException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * {@code mallard bench}: drives an MCP server with a workload from many sessions, then runs the
 * same SQL mix on the engine alone, then checks the answers kept against the engine.
 */
public final class Benchmark {
    private static final Duration QUIET_SAMPLING = Duration.ofSeconds(1);

    private final BenchmarkSettings settings;
    private final PrintWriter progress;

    /** @param progress where to say what is happening (standard error), never the report itself */
    public Benchmark(BenchmarkSettings settings, PrintWriter progress) {
        this.settings = settings;
        this.progress = progress;
    }

    public BenchmarkReport run() throws InterruptedException {
        Workload workload = WorkloadFile.read(settings.workload());
        if (workload.hasSameAsChecks() && settings.engineDatabase() == null) {
            say("No engine database: the workload's same_as checks are skipped (pass --engine-db with the DuckDB "
                    + "file the server serves to run them).");
        }
        long serverPid = settings.serverPid() > 0 ? settings.serverPid() : findServer();
        LoadLoop loop = new LoadLoop(workload, settings.warmUp(), settings.duration(), settings.seed(),
                settings.checkSample());
        try (EngineBaseline engine = settings.engineDatabase() == null ? null
                : new EngineBaseline(settings.engineDatabase())) {
            PhaseResult mallard = runMallard(loop, serverPid);
            EngineCheck.Result checked = null;
            PhaseResult baseline = null;
            if (engine != null) {
                say("Engine baseline: the same SQL mix on DuckDB JDBC in-process, %d threads, %s + %s warm-up ...",
                        settings.concurrency(), seconds(settings.duration()), seconds(settings.warmUp()));
                baseline = loop.run("engine", settings.concurrency(), worker -> engine.runner(),
                        new ResourceMonitor(-1, QUIET_SAMPLING, null));
                checked = EngineCheck.run(mallard.sample(), engine);
                mallard = mallard.withWrongAnswers(checked.wrong(), checked.examples());
            }
            return new BenchmarkReport(settings, workload.name(), Machine.describe(), mallard, baseline,
                    checked == null ? 0 : checked.checked());
        }
    }

    private PhaseResult runMallard(LoadLoop loop, long serverPid) throws InterruptedException {
        int sessionCount = Math.max(settings.sessions(), settings.concurrency());
        say("Opening %d MCP session(s) to %s ...", sessionCount, settings.url());
        try (McpSessions sessions = openSessions(sessionCount)) {
            say("Mallard: %d session(s) calling, %d held, %s + %s warm-up ...", settings.concurrency(),
                    sessions.size(), seconds(settings.duration()), seconds(settings.warmUp()));
            ResourceMonitor monitor = new ResourceMonitor(serverPid,
                    settings.rssEvery() == null ? QUIET_SAMPLING : settings.rssEvery(),
                    settings.rssEvery() == null ? null : progress);
            return loop.run("mallard", settings.concurrency(), sessions::runner, monitor);
        }
    }

    private McpSessions openSessions(int count) {
        try {
            return McpSessions.open(settings.url(), settings.apiKey(), count);
        } catch (RuntimeException e) {
            throw MallardException.invalidArgument("Could not open an MCP session to " + settings.url() + ": "
                    + e.getMessage() + ". Is the server running there, and is --api-key (or MALLARD_BENCH_API_KEY) "
                    + "a valid key if it requires one?");
        }
    }

    private long findServer() {
        int port = settings.url().getPort() > 0 ? settings.url().getPort()
                : "https".equals(settings.url().getScheme()) ? 443 : 80;
        if (!LoopbackTarget.isLoopback(settings.url())) {
            return -1;
        }
        long pid = ProcessStats.pidListeningOn(port).orElse(-1);
        if (pid < 0) {
            say("Could not find the process listening on port %d: server RSS and CPU are not reported "
                    + "(pass --server-pid).", port);
        }
        return pid;
    }

    private void say(String format, Object... arguments) {
        progress.println(String.format(Locale.ROOT, format, arguments));
        progress.flush();
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() / 1000.0 + " s";
    }

    /** The machine the numbers were taken on, for the report. */
    record Machine(int cores, String java, String loadAverage) {
        static Machine describe() {
            String load;
            try {
                List<String> fields = List.of(Files.readString(Path.of("/proc/loadavg"))
                        .split(" "));
                load = String.join(" ", fields.subList(0, 3));
            } catch (IOException e) {
                load = "unknown";
            }
            return new Machine(Runtime.getRuntime().availableProcessors(),
                    Runtime.version() + " (" + System.getProperty("java.vendor") + ")", load);
        }
    }
}
