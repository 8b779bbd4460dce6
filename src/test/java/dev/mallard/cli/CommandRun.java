package dev.mallard.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** A {@code mallard} command run in-process the way {@code main} runs it: its exit code and what it printed. */
record CommandRun(int exitCode, String out, String err) {
    static CommandRun run(Map<String, String> environment, String... args) {
        CommandLine commandLine = MallardCommand.createCommandLine(args, environment);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new CommandRun(exitCode, out.toString(), err.toString());
    }

    /** Runs a command with the given text on standard input (for --password-stdin). */
    static synchronized CommandRun withInput(String input, Map<String, String> environment, String... args) {
        java.io.InputStream original = System.in;
        System.setIn(new java.io.ByteArrayInputStream(input.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try {
            return run(environment, args);
        } finally {
            System.setIn(original);
        }
    }

    List<String> lines() {
        return out.lines().toList();
    }
}
