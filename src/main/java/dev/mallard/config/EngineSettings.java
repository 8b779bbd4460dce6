package dev.mallard.config;

import dev.mallard.error.MallardException;
import java.lang.management.ManagementFactory;

/**
 * How much of the machine DuckDB may use. Left alone, DuckDB takes every core and 80% of memory; a
 * server shares the machine, so these are always set explicitly.
 *
 * @param threads DuckDB's worker threads
 * @param memoryLimit DuckDB's buffer memory limit, in DuckDB syntax ({@code 4GB})
 * @param maxTempDirectorySize how much DuckDB may spill to disk
 * @param workers how many queries run at once; each holds one platform thread while DuckDB works.
 *     The default, four per core and at least 8, lets a short query start beside long ones instead of
 *     queueing behind them: DuckDB shares the cores between the queries it runs (see BENCHMARKS.md).
 * @param queryNice how much lower than request handling the threads that run queries are scheduled (a
 *     Linux nice value added to Mallard's own, 0 to 19): under full load, a call waits less for a core to
 *     parse it and write its answer (see BENCHMARKS.md). 0 schedules them alike.
 */
public record EngineSettings(int threads, String memoryLimit, String maxTempDirectorySize, int workers,
        int queryNice) {
    /** Query threads five nice steps below request handling: they get about a third of its share of a busy core. */
    public static final int DEFAULT_QUERY_NICE = 5;
    public static final int MAX_QUERY_NICE = 19;

    public EngineSettings {
        if (threads < 1) {
            throw MallardException.configuration("--threads must be at least 1 (got " + threads + ").");
        }
        if (workers < 1) {
            throw MallardException.configuration("--workers must be at least 1 (got " + workers + ").");
        }
        if (memoryLimit.isBlank() || maxTempDirectorySize.isBlank()) {
            throw MallardException.configuration("--memory-limit and --max-temp-size need a size such as 4GB.");
        }
        if (queryNice < 0 || queryNice > MAX_QUERY_NICE) {
            throw MallardException.configuration("--query-nice must be between 0 (queries scheduled like requests) and "
                    + MAX_QUERY_NICE + " (got " + queryNice + ").");
        }
    }

    public EngineSettings(int threads, String memoryLimit, String maxTempDirectorySize, int workers) {
        this(threads, memoryLimit, maxTempDirectorySize, workers, DEFAULT_QUERY_NICE);
    }

    public static EngineSettings defaults() {
        int cores = Runtime.getRuntime().availableProcessors();
        return new EngineSettings(cores, defaultMemoryLimit(), "10GiB", Math.max(8, 4 * cores), DEFAULT_QUERY_NICE);
    }

    /** Half of the physical memory, leaving the rest to the JVM and the machine. */
    static String defaultMemoryLimit() {
        long total = physicalMemoryBytes();
        long half = Math.max(256L << 20, total / 2);
        return (half >> 20) + "MiB";
    }

    private static long physicalMemoryBytes() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return 4L << 30;
    }
}
