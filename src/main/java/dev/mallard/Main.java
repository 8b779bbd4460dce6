package dev.mallard;

import dev.mallard.cli.MallardCommand;
import dev.mallard.error.MallardException;
import java.util.TimeZone;

/** The entry point of the Mallard jar. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // DuckDB's JDBC driver converts some nested timestamps through the JVM's default zone;
        // in UTC that conversion is exact.
        TimeZone.setDefault(TimeZone.getTimeZone("UTC"));
        int exitCode;
        try {
            exitCode = MallardCommand.createCommandLine(args, System.getenv()).execute(args);
        } catch (MallardException e) {
            System.err.println("mallard: " + e.getMessage());
            exitCode = 2;
        }
        System.exit(exitCode);
    }
}
