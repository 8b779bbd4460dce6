package dev.mallard.cli;

import dev.mallard.config.MallardConfig;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every command shares: Mallard's own directory, and the config file option defaults come from. */
final class DataDirOptions {
    @Option(names = "--data-dir", paramLabel = "DIR", description = "Mallard's own files: the demo database, the "
            + "state store with the audit log (mallard.db) and DuckDB's spill space (default: ${DEFAULT-VALUE}).")
    Path dataDir = MallardConfig.defaultDataDir();

    @Option(names = "--config", paramLabel = "FILE", description = "A YAML file of option values, keys named as "
            + "the long options (port: 8765). Default: ~/.mallard/config.yaml when it exists.")
    Path config;

    Path dataDir() {
        return dataDir.toAbsolutePath().normalize();
    }
}
