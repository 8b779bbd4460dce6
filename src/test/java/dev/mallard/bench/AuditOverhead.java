package dev.mallard.bench;

import dev.mallard.store.AuditQuery;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import dev.mallard.testing.ToolCalls;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * What the audit log costs a tool call: the same calls against a server that audits (as served)
 * and one whose audit log is {@code AuditLog.NONE}. A measurement to read, not a test; nothing
 * asserts a timing.
 *
 * <p>Each mode gets its own server on the demo database and SDK clients over HTTP; a warm-up, then
 * 1,000 sequential {@code SELECT 42} query calls from one client, then 1,000 more spread over 8
 * clients calling at once. Per mode and phase it prints the median, p90 and p99 latency of a call
 * and the total time; then the audited mode's overhead. Modes alternate per round to even out
 * drift (after one unmeasured server of each mode); pass the number of rounds as the first argument
 * (default 2). On a small machine the numbers vary from run to run by more than the overhead; compare
 * several runs and rounds.
 *
 * <p>Run it from the project root (it uses {@code target/test-data}, where the test suite builds the
 * demo database, building it first if needed):
 *
 * <pre>{@code
 * export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
 * MAVEN_OPTS=--sun-misc-unsafe-memory-access=allow mvn -q -o test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/bench-classpath.txt
 * $JAVA_HOME/bin/java --enable-native-access=ALL-UNNAMED \
 *     -cp target/test-classes:target/classes:$(cat target/bench-classpath.txt) \
 *     dev.mallard.bench.AuditOverhead 2
 * }</pre>
 */
public final class AuditOverhead {
    private static final int WARM_UP = 500;
    private static final int CALLS = 1_000;
    private static final int CLIENTS = 8;
    private static final String SQL = "SELECT 42";

    private AuditOverhead() {}

    private enum Mode {
        NONE("AuditLog.NONE"),
        AUDITED("audited");

        final String label;

        Mode(String label) {
            this.label = label;
        }
    }

    /** Latencies of one phase, in nanoseconds, and its wall-clock time. */
    private record Phase(long[] nanos, long totalNanos) {
        static Phase merge(List<Phase> phases) {
            long[] all = phases.stream().flatMapToLong(p -> Arrays.stream(p.nanos())).sorted().toArray();
            return new Phase(all, phases.stream().mapToLong(Phase::totalNanos).sum() / phases.size());
        }

        double percentileMillis(double p) {
            long[] sorted = nanos.clone();
            Arrays.sort(sorted);
            int index = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
            return sorted[Math.max(0, Math.min(sorted.length - 1, index))] / 1e6;
        }

        double totalMillis() {
            return totalNanos / 1e6;
        }
    }

    public static void main(String[] args) throws Exception {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 2;
        System.out.printf(Locale.ROOT, "Audit overhead: %d rounds; per round and mode %d warm-up calls, %d sequential "
                + "calls, %d calls over %d concurrent clients; query \"%s\"; %d cores, Java %s%n", rounds, WARM_UP, CALLS,
                CALLS, CLIENTS, SQL, Runtime.getRuntime().availableProcessors(), Runtime.version());
        // An unmeasured server of each mode first, so class loading and the JIT's first work (of the
        // audit path too) fall on neither mode's numbers.
        measure(Mode.NONE, "(not counted)");
        measure(Mode.AUDITED, "(not counted)");

        List<Phase> sequentialNone = new ArrayList<>();
        List<Phase> sequentialAudited = new ArrayList<>();
        List<Phase> concurrentNone = new ArrayList<>();
        List<Phase> concurrentAudited = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            List<Mode> order = round % 2 == 0 ? List.of(Mode.NONE, Mode.AUDITED) : List.of(Mode.AUDITED, Mode.NONE);
            for (Mode mode : order) {
                Phase[] phases = measure(mode, "round " + (round + 1));
                (mode == Mode.NONE ? sequentialNone : sequentialAudited).add(phases[0]);
                (mode == Mode.NONE ? concurrentNone : concurrentAudited).add(phases[1]);
            }
        }

        System.out.println();
        report("sequential, 1 client", Phase.merge(sequentialNone), Phase.merge(sequentialAudited));
        report("concurrent, " + CLIENTS + " clients", Phase.merge(concurrentNone), Phase.merge(concurrentAudited));
    }

    /** Starts a server in the mode, warms it up, and measures the sequential and the concurrent phase. */
    private static Phase[] measure(Mode mode, String label) throws Exception {
        TestMallard.Builder builder = TestMallard.builder().database("demo", TestData.demo());
        if (mode == Mode.NONE) {
            builder.withoutAudit();
        }
        Instant start = Instant.now();
        try (TestMallard server = builder.start()) {
            List<McpSyncClient> clients = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                clients.add(server.client());
            }
            ExecutorService threads = Executors.newFixedThreadPool(CLIENTS);
            try {
                concurrent(clients, threads, WARM_UP);
                Phase sequential = sequential(clients.getFirst(), CALLS);
                Phase concurrent = concurrent(clients, threads, CALLS);
                server.mallard().audit().flush();
                int recorded = server.mallard().store().audit()
                        .recent(new AuditQuery(start, null, null, 100_000)).size();
                System.out.printf(Locale.ROOT, "  %-13s %-13s sequential median %.3f ms, total %.0f ms; concurrent "
                        + "median %.3f ms, total %.0f ms; audit entries written: %d%n", label, mode.label,
                        sequential.percentileMillis(50), sequential.totalMillis(), concurrent.percentileMillis(50),
                        concurrent.totalMillis(), recorded);
                return new Phase[] {sequential, concurrent};
            } finally {
                threads.shutdownNow();
            }
        }
    }

    private static Phase sequential(McpSyncClient client, int calls) {
        long[] nanos = new long[calls];
        long start = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            nanos[i] = timedCall(client);
        }
        return new Phase(nanos, System.nanoTime() - start);
    }

    private static Phase concurrent(List<McpSyncClient> clients, ExecutorService threads, int calls) throws Exception {
        int perClient = calls / clients.size();
        long start = System.nanoTime();
        List<Future<long[]>> results = new ArrayList<>();
        for (McpSyncClient client : clients) {
            results.add(threads.submit(() -> {
                long[] nanos = new long[perClient];
                for (int i = 0; i < perClient; i++) {
                    nanos[i] = timedCall(client);
                }
                return nanos;
            }));
        }
        List<long[]> all = new ArrayList<>();
        for (Future<long[]> result : results) {
            all.add(result.get());
        }
        long total = System.nanoTime() - start;
        return new Phase(all.stream().flatMapToLong(Arrays::stream).toArray(), total);
    }

    private static long timedCall(McpSyncClient client) {
        long start = System.nanoTime();
        McpSchema.CallToolResult result = ToolCalls.query(client, SQL);
        long elapsed = System.nanoTime() - start;
        if (Boolean.TRUE.equals(result.isError())) {
            throw new IllegalStateException("The benchmark query failed: " + ToolCalls.text(result));
        }
        return elapsed;
    }

    private static void report(String phase, Phase none, Phase audited) {
        System.out.printf(Locale.ROOT, "%s (%d calls per mode)%n", phase, audited.nanos().length);
        System.out.printf(Locale.ROOT, "  %-15s %9s %9s %9s %11s%n", "mode", "median", "p90", "p99", "total");
        for (var row : List.of(new Object[] {Mode.NONE.label, none}, new Object[] {Mode.AUDITED.label, audited})) {
            Phase p = (Phase) row[1];
            System.out.printf(Locale.ROOT, "  %-15s %6.3f ms %6.3f ms %6.3f ms %8.0f ms%n", row[0],
                    p.percentileMillis(50), p.percentileMillis(90), p.percentileMillis(99), p.totalMillis());
        }
        System.out.printf(Locale.ROOT, "  overhead        %+6.3f ms %+6.3f ms %+6.3f ms %+8.0f ms  (median %+.1f%%, "
                        + "total %+.1f%%)%n%n",
                audited.percentileMillis(50) - none.percentileMillis(50),
                audited.percentileMillis(90) - none.percentileMillis(90),
                audited.percentileMillis(99) - none.percentileMillis(99),
                audited.totalMillis() - none.totalMillis(),
                100 * (audited.percentileMillis(50) / none.percentileMillis(50) - 1),
                100 * (audited.totalMillis() / none.totalMillis() - 1));
    }
}
