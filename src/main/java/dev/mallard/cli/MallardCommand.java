package dev.mallard.cli;

import dev.mallard.error.ErrorCategory;
import dev.mallard.error.MallardException;
import java.io.PrintWriter;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code mallard}: the root command. */
@Command(name = "mallard", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Mallard: a self-hosted MCP server that gives AI agents safe, fast access to DuckDB data.",
        subcommands = {ServeCommand.class, StdioCommand.class, UsersCommand.class, KeysCommand.class, SourcesCommand.class,
                AuditCommand.class, OAuthCommand.class, BenchCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Start with './mallard serve': it serves a demo database at http://127.0.0.1:8765/mcp.",
                "Options can also come from MALLARD_* environment variables (MALLARD_PORT=9000) or a YAML config "
                        + "file (--config)."})
public final class MallardCommand implements Runnable {
    private static final Logger log = LoggerFactory.getLogger(MallardCommand.class);

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** The command line as {@code main} runs it; tests run commands in-process through the same factory. */
    public static CommandLine createCommandLine(String[] args, Map<String, String> environment) {
        CommandLine commandLine = new CommandLine(new MallardCommand());
        commandLine.setDefaultValueProvider(ConfigDefaults.load(args, environment));
        commandLine.setExecutionExceptionHandler(MallardCommand::handleFailure);
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        return commandLine;
    }

    private static int handleFailure(Exception failure, CommandLine commandLine, CommandLine.ParseResult parsed) {
        PrintWriter err = commandLine.getErr();
        if (failure instanceof MallardException mallard && mallard.code().category() != ErrorCategory.INTERNAL_ERROR) {
            err.println("mallard: " + mallard.getMessage());
            return 2;
        }
        log.error("Mallard failed", failure);
        err.println("mallard: internal error: " + failure.getMessage() + " (details in the log above)");
        return 1;
    }
}
