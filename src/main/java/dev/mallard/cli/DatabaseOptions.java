package dev.mallard.cli;

import dev.mallard.config.AuthSettings;
import dev.mallard.config.CursorSettings;
import dev.mallard.config.DatabaseSpec;
import dev.mallard.config.EngineSettings;
import dev.mallard.config.ExportSettings;
import dev.mallard.config.HttpSettings;
import dev.mallard.config.MallardConfig;
import dev.mallard.config.QueryLimits;
import dev.mallard.config.WriteMode;
import dev.mallard.config.WriteSettings;
import dev.mallard.error.MallardException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options shared by every way of serving: what to serve and within which limits. */
final class DatabaseOptions {
    @Option(names = "--db", paramLabel = "[NAME=]PATH", split = ",",
            description = "A DuckDB file to serve, optionally named (sales=/data/sales.duckdb); :memory: for an "
                    + "empty in-memory database. Repeatable; the first is the default. Without --db, a demo "
                    + "database is created and served.")
    List<String> databases = new ArrayList<>();

    @Option(names = "--writes", paramLabel = "MODE", description = "Whether query_rw may change data: off (every "
            + "database read-only), direct (changes apply at once), or confirm (query_rw previews each change; it "
            + "applies once the user or a confirm_mutation call approves it). Default: ${DEFAULT-VALUE}.")
    WriteMode writes = WriteMode.OFF;

    @Option(names = "--read-write", description = "The same as --writes direct. Missing database files are created "
            + "when writes are on.")
    boolean readWrite;

    @Option(names = "--mutation-ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a previewed change waits for confirmation (default: 10m).")
    Duration mutationTtl = WriteSettings.DEFAULT_MUTATION_TTL;

    @Option(names = "--cursor-ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a truncated query result stays pageable with its next_cursor after its last "
                    + "use (default: 10m).")
    Duration cursorTtl = CursorSettings.DEFAULTS.ttl();

    @Mixin
    DataDirOptions files = new DataDirOptions();

    @Option(names = "--default-rows", paramLabel = "N", description = "Rows a query returns when the agent does "
            + "not pass max_rows (default: ${DEFAULT-VALUE}).")
    int defaultRows = QueryLimits.DEFAULTS.defaultRows();

    @Option(names = "--max-rows", paramLabel = "N", description = "The most rows one query may return "
            + "(default: ${DEFAULT-VALUE}).")
    int maxRows = QueryLimits.DEFAULTS.maxRows();

    @Option(names = "--max-chars", paramLabel = "N", description = "The most characters one result may hold; "
            + "whole rows are kept up to it (default: ${DEFAULT-VALUE}).")
    int maxChars = QueryLimits.DEFAULTS.maxChars();

    @Option(names = "--query-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a query may run before DuckDB is interrupted, e.g. 55s or 2m "
                    + "(default: 55s).")
    Duration queryTimeout = QueryLimits.DEFAULTS.timeout();

    @Option(names = "--task-timeout", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a query run as an MCP task (tools/call with 'task') may run, e.g. 30m or 2h "
                    + "(default: 30m).")
    Duration taskTimeout = QueryLimits.DEFAULTS.taskTimeout();

    @Option(names = "--threads", paramLabel = "N", description = "DuckDB worker threads (default: the number of "
            + "cores, ${DEFAULT-VALUE}).")
    int threads = EngineSettings.defaults().threads();

    @Option(names = "--memory-limit", paramLabel = "SIZE", description = "DuckDB's memory limit, e.g. 4GB "
            + "(default: half the physical memory, ${DEFAULT-VALUE}).")
    String memoryLimit = EngineSettings.defaults().memoryLimit();

    @Option(names = "--max-temp-size", paramLabel = "SIZE", description = "How much DuckDB may spill to disk "
            + "(default: ${DEFAULT-VALUE}).")
    String maxTempSize = EngineSettings.defaults().maxTempDirectorySize();

    @Option(names = "--workers", paramLabel = "N", description = "Queries that run at once; more wait their turn "
            + "(default: four per core, at least 8: ${DEFAULT-VALUE}). Two per core take short queries; one more "
            + "starts beside each query that has run for 20 ms.")
    int workers = EngineSettings.defaults().workers();

    @Option(names = "--query-nice", paramLabel = "N", description = "On Linux, run queries this many nice steps "
            + "below request handling (0-19), so calls are parsed and answered promptly while queries fill the cores; "
            + "0 schedules them alike (default: ${DEFAULT-VALUE}).")
    int queryNice = EngineSettings.DEFAULT_QUERY_NICE;

    @Option(names = "--export-ttl", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long a file written by export_query stays downloadable (default: 1h).")
    Duration exportTtl = ExportSettings.DEFAULT_TTL;

    @Option(names = "--export-max-bytes", paramLabel = "BYTES", description = "The most bytes all exported files "
            + "together may take; export_query refuses new exports beyond it (default: ${DEFAULT-VALUE}, 10 GiB).")
    long exportMaxBytes = ExportSettings.DEFAULT_MAX_BYTES;

    @Option(names = "--source-dir", paramLabel = "DIR", split = ",", description = "A directory whose files may be "
            + "registered as sources (sources add --duckdb); DuckDB may read it. Repeatable.")
    List<java.nio.file.Path> sourceDirs = new ArrayList<>();

    private WriteMode writeMode() {
        if (readWrite && writes == WriteMode.CONFIRM) {
            throw MallardException.configuration("--read-write means --writes direct; it cannot be combined with "
                    + "--writes confirm. Pass only one of them.");
        }
        return readWrite ? WriteMode.DIRECT : writes;
    }

    MallardConfig toConfig(HttpSettings http, AuthSettings auth) {
        List<DatabaseSpec> specs = databases.stream().filter(d -> !d.isBlank()).map(DatabaseSpec::parse).toList();
        return new MallardConfig(specs, new WriteSettings(writeMode(), mutationTtl), files.dataDir(),
                new QueryLimits(defaultRows, maxRows, maxChars, queryTimeout, taskTimeout),
                new EngineSettings(threads, memoryLimit, maxTempSize, workers, queryNice), http, auth,
                CursorSettings.DEFAULTS.withTtl(cursorTtl), new ExportSettings(exportTtl, exportMaxBytes))
                .withSourceDirectories(sourceDirs);
    }
}
