package dev.mallard.cli;

import dev.mallard.error.MallardException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Reads a password from standard input or a prompt, never from the command line (where other users
 * of the machine could see it in the process list).
 */
final class PasswordInput {
    private PasswordInput() {}

    static char[] read(boolean fromStdin, String user) {
        if (fromStdin) {
            return firstLine(System.in);
        }
        Console console = System.console();
        if (console == null) {
            throw MallardException.invalidArgument("No terminal to ask for " + user + "'s password on. Pipe it in "
                    + "with --password-stdin, e.g. printf '%s' \"$PASSWORD\" | mallard users add " + user
                    + " --password-stdin");
        }
        char[] first = console.readPassword("Password for %s: ", user);
        char[] second = console.readPassword("Repeat the password: ");
        if (first == null || second == null || !Arrays.equals(first, second)) {
            throw MallardException.invalidArgument("The two passwords differ; nothing was changed. Try again.");
        }
        Arrays.fill(second, '\0');
        return first;
    }

    private static char[] firstLine(InputStream in) {
        try {
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line = reader.readLine();
            if (line == null || line.isEmpty()) {
                throw MallardException.invalidArgument("No password on standard input: pipe it in, e.g. "
                        + "printf '%s' \"$PASSWORD\" | mallard users add NAME --password-stdin");
            }
            return line.toCharArray();
        } catch (IOException e) {
            throw MallardException.invalidArgument("Could not read the password from standard input: "
                    + e.getMessage());
        }
    }
}
