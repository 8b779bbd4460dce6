package dev.mallard.bench;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * One benchmark run.
 *
 * @param sessions sessions opened and held; the first {@code concurrency} of them run the loop
 * @param engineDatabase the DuckDB file for the engine baseline, or null to skip it
 * @param rssEvery print the server's RSS this often (soak runs), or null to sample quietly each second
 * @param serverPid the server's pid, or -1 to find it from the URL's port
 * @param checkSample how many answers at most are checked against the engine after the run
 */
public record BenchmarkSettings(URI url, Path workload, int concurrency, int sessions, Duration warmUp,
        Duration duration, String apiKey, Path engineDatabase, Duration rssEvery, long serverPid, long seed,
        int checkSample) {}
