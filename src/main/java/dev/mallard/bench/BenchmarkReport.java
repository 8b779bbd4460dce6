package dev.mallard.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.HdrHistogram.Histogram;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a benchmark measured, as text for people and as JSON for scripts.
 *
 * @param engine the engine baseline, or null when it was skipped
 * @param engineChecked how many answers were compared with the engine after the run
 */
public record BenchmarkReport(BenchmarkSettings settings, String workload, Benchmark.Machine machine,
        PhaseResult mallard, PhaseResult engine, int engineChecked) {
    private static final double MB = 1024 * 1024;

    /** True when any call failed or answered wrong: the run does not count. */
    public boolean failed() {
        return mallard.errorCount() > 0 || mallard.calls() == 0;
    }

    public String text() {
        StringBuilder out = new StringBuilder();
        line(out, "Workload %s against %s: %d session(s) calling%s, %s measured after %s warm-up",
                workload, settings.url(), settings.concurrency(),
                settings.sessions() > settings.concurrency() ? " (" + settings.sessions() + " held open)" : "",
                seconds(mallard.measured().toMillis()), seconds(settings.warmUp().toMillis()));
        line(out, "Machine: %d cores, Java %s, load average %s", machine.cores(), machine.java(), machine.loadAverage());
        phase(out, "Mallard (MCP)", mallard);
        if (engineChecked > 0) {
            line(out, "  answers checked against the engine after the run: %d", engineChecked);
        }
        ResourceUsage usage = mallard.usage();
        if (usage.hasServer()) {
            line(out, "  server (pid %d): CPU %.0f%%, RSS %.0f MB at start, %.0f MB max, %.0f MB at end",
                    usage.serverPid(), usage.serverCpuPercent(), usage.serverRssStart() / MB,
                    usage.serverRssMax() / MB, usage.serverRssEnd() / MB);
            double growth = usage.growthAfterFirstMinute();
            if (!Double.isNaN(growth)) {
                line(out, "  RSS growth after the first minute: %+.1f%%", growth * 100);
            }
        }
        line(out, "  load client CPU: %.0f%% (of %d00%%)", usage.clientCpuPercent(), machine.cores());
        ResourceUsage.Noise noise = usage.noise();
        noise(out, noise, usage.hasServer()
                ? format("server %.0f%%, load client %.0f%%", noise.serverCompilerPercent(),
                        noise.clientCompilerPercent())
                : format("load client %.0f%%", noise.clientCompilerPercent()));
        if (engine != null) {
            phase(out, "Engine baseline (DuckDB JDBC in-process)", engine);
            line(out, "  CPU (this process = the engine): %.0f%%", engine.usage().clientCpuPercent());
            ResourceUsage.Noise engineNoise = engine.usage().noise();
            noise(out, engineNoise, format("this process %.0f%%", engineNoise.clientCompilerPercent()));
            line(out, "Mallard / engine: throughput %.2f, p50 latency %.2f", throughputRatio(), p50Ratio());
        }
        if (mallard.calls() == 0) {
            line(out, "FAILED: no call finished inside the measured window; run longer (--duration).");
        } else if (failed()) {
            line(out, "FAILED: %d call(s) had errors or wrong answers.", mallard.errorCount());
        } else {
            line(out, "OK: no errors, every check passed.");
        }
        return out.toString();
    }

    /**
     * What else took CPU during a phase, and a note when it was enough to make the figures low: a
     * compiler still busy (the warm-up was too short), or other processes or guests on the machine.
     */
    private static void noise(StringBuilder out, ResourceUsage.Noise noise, String compilers) {
        if (noise.otherPercent() >= 0) {
            line(out, "  machine: other processes %.0f%%, steal %.0f%%; JIT compilers: %s", noise.otherPercent(),
                    noise.stealPercent(), compilers);
        }
        if (noise.compilerBusy()) {
            line(out, "  note: the JIT compiler was still busy in the measured window: a longer --warm-up gives "
                    + "steadier figures");
        }
        if (noise.machineBusy()) {
            line(out, "  note: other processes or guests took %.0f%% of a core during the measured window: the "
                    + "figures are lower than on a quiet machine; run again when it is idle", noise.takenByOthers());
        }
    }

    private static void phase(StringBuilder out, String title, PhaseResult phase) {
        line(out, "%s: %d calls, %.1f calls/s, %d error(s)", title, phase.calls(), phase.callsPerSecond(),
                phase.errorCount());
        for (ErrorKind kind : ErrorKind.values()) {
            long count = phase.errors().getOrDefault(kind, 0L);
            if (count > 0) {
                line(out, "  %s: %d, e.g.", kind.label(), count);
                phase.examples().getOrDefault(kind, List.of()).forEach(example -> line(out, "    %s", example));
            }
        }
        line(out, "  latency ms: p50 %.3f, p90 %.3f, p99 %.3f, max %.3f (p99 / p50 %.1f)", phase.millis(50),
                phase.millis(90), phase.millis(99), phase.maxMillis(), tailRatio(phase));
        phase.latencyByEntry().forEach((entry, histogram) -> line(out, "    %-28s %7d calls, p50 %.3f ms, p99 %.3f ms",
                entry, histogram.getTotalCount(), histogram.getValueAtPercentile(50) / 1e6,
                histogram.getValueAtPercentile(99) / 1e6));
        if ("mallard".equals(phase.phase()) && phase.answers() > 0) {
            line(out, "  result text: mean %.0f chars, max %d chars", phase.resultChars() / (double) phase.answers(),
                    phase.maxResultChars());
        }
    }

    private static double tailRatio(PhaseResult phase) {
        return phase.millis(50) == 0 ? Double.NaN : phase.millis(99) / phase.millis(50);
    }

    double throughputRatio() {
        return engine == null || engine.callsPerSecond() == 0 ? Double.NaN
                : mallard.callsPerSecond() / engine.callsPerSecond();
    }

    double p50Ratio() {
        return engine == null || engine.millis(50) == 0 ? Double.NaN : mallard.millis(50) / engine.millis(50);
    }

    public String json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("workload", workload);
        root.put("url", settings.url().toString());
        root.put("concurrency", settings.concurrency());
        root.put("sessions", Math.max(settings.sessions(), settings.concurrency()));
        root.put("warm_up_seconds", settings.warmUp().toMillis() / 1000.0);
        root.put("duration_seconds", settings.duration().toMillis() / 1000.0);
        Map<String, Object> machineJson = new LinkedHashMap<>();
        machineJson.put("cores", machine.cores());
        machineJson.put("java", machine.java());
        machineJson.put("load_average", machine.loadAverage());
        root.put("machine", machineJson);
        root.put("mallard", phaseJson(mallard));
        root.put("engine_checked_answers", engineChecked);
        if (engine != null) {
            root.put("engine", phaseJson(engine));
            root.put("ratio_throughput", round(throughputRatio()));
            root.put("ratio_p50", round(p50Ratio()));
        }
        root.put("failed", failed());
        return JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValueAsString(root);
    }

    private static Map<String, Object> phaseJson(PhaseResult phase) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("calls", phase.calls());
        json.put("calls_per_second", round(phase.callsPerSecond()));
        Map<String, Object> errors = new LinkedHashMap<>();
        for (ErrorKind kind : ErrorKind.values()) {
            errors.put(kind.name().toLowerCase(Locale.ROOT), phase.errors().getOrDefault(kind, 0L));
        }
        json.put("errors", errors);
        Map<String, Object> examples = new LinkedHashMap<>();
        phase.examples().forEach((kind, kept) -> examples.put(kind.name().toLowerCase(Locale.ROOT), kept));
        json.put("error_examples", examples);
        json.put("latency_ms", latency(phase.latency()));
        json.put("p99_over_p50", round(tailRatio(phase)));
        Map<String, Object> entries = new LinkedHashMap<>();
        phase.latencyByEntry().forEach((entry, histogram) -> entries.put(entry, latency(histogram)));
        json.put("entries", entries);
        if (phase.answers() > 0) {
            json.put("result_chars", Map.of("mean", round(phase.resultChars() / (double) phase.answers()),
                    "max", phase.maxResultChars()));
        }
        ResourceUsage usage = phase.usage();
        json.put("client_cpu_percent", round(usage.clientCpuPercent()));
        ResourceUsage.Noise noise = usage.noise();
        Map<String, Object> machine = new LinkedHashMap<>();
        machine.put("other_cpu_percent", round(noise.otherPercent()));
        machine.put("steal_percent", round(noise.stealPercent()));
        machine.put("server_compiler_cpu_percent", round(noise.serverCompilerPercent()));
        machine.put("client_compiler_cpu_percent", round(noise.clientCompilerPercent()));
        json.put("machine", machine);
        if (usage.hasServer()) {
            Map<String, Object> server = new LinkedHashMap<>();
            server.put("pid", usage.serverPid());
            server.put("cpu_percent", round(usage.serverCpuPercent()));
            server.put("rss_mb_start", round(usage.serverRssStart() / MB));
            server.put("rss_mb_max", round(usage.serverRssMax() / MB));
            server.put("rss_mb_end", round(usage.serverRssEnd() / MB));
            double growth = usage.growthAfterFirstMinute();
            if (!Double.isNaN(growth)) {
                server.put("rss_growth_after_first_minute", round(growth));
            }
            server.put("rss_mb_samples", usage.rssSamples().stream()
                    .map(sample -> List.of(round(sample.seconds()), round(sample.bytes() / MB))).toList());
            json.put("server", server);
        }
        return json;
    }

    private static Map<String, Object> latency(Histogram histogram) {
        Map<String, Object> latency = new LinkedHashMap<>();
        latency.put("count", histogram.getTotalCount());
        for (double percentile : new double[] {50, 90, 99}) {
            latency.put("p" + (int) percentile, round(histogram.getValueAtPercentile(percentile) / 1e6));
        }
        latency.put("max", round(histogram.getMaxValue() / 1e6));
        return latency;
    }

    private static double round(double value) {
        return Double.isNaN(value) ? -1 : Math.round(value * 1000) / 1000.0;
    }

    private static String seconds(long millis) {
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    private static void line(StringBuilder out, String format, Object... arguments) {
        out.append(format(format, arguments)).append('\n');
    }

    private static String format(String format, Object... arguments) {
        return String.format(Locale.ROOT, format, arguments);
    }
}
