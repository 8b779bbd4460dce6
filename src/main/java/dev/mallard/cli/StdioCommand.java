package dev.mallard.cli;

import dev.mallard.app.Mallard;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.HttpSettings;
import dev.mallard.config.MallardConfig;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code mallard stdio}: one MCP client over standard input and output (Claude Desktop, Cursor). */
@Command(name = "stdio", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Serve DuckDB databases to one MCP client over standard input and output. Logs go to "
                + "standard error. Ends when the client closes standard input.")
final class StdioCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DatabaseOptions databases;

    MallardConfig config() {
        return databases.toConfig(HttpSettings.defaults(), AuthSettings.NONE)
                .withDeclaredSources(ConfigDefaults.of(spec).declaredSources());
    }

    @Override
    public Integer call() {
        try (Mallard mallard = Mallard.open(config())) {
            // Standard output carries the protocol; anything else printed there would corrupt it.
            PrintStream protocol = System.out;
            System.setOut(System.err);
            mallard.serveStdio(System.in, protocol);
        }
        return 0;
    }
}
