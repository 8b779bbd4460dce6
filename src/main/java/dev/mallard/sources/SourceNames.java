package dev.mallard.sources;

import dev.mallard.error.MallardException;
import java.util.regex.Pattern;

/**
 * Names of sources and tables: plain lower-case SQL identifiers, so they need no quoting in a query
 * and are safe as directory and file names.
 */
final class SourceNames {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private SourceNames() {}

    static void require(String what, String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw MallardException.invalidArgument("The " + what + " name '" + name + "' is not a plain SQL name: use "
                    + "lower-case letters, digits and _, starting with a letter or _ (at most 63 characters).");
        }
    }
}
