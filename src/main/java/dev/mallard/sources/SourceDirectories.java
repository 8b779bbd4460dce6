package dev.mallard.sources;

import dev.mallard.error.MallardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The directories the operator declared with {@code --source-dir}: the only places whose files may
 * be registered as sources, and the only ones (besides Mallard's own) DuckDB may read. Paths are
 * compared after resolving symbolic links, so a link cannot lead a source outside them.
 */
public final class SourceDirectories {
    static final String HOW_TO_DECLARE = "--source-dir DIR (or MALLARD_SOURCE_DIR, or source-dir in the config file)";

    private final List<Path> directories;

    private SourceDirectories(List<Path> directories) {
        this.directories = List.copyOf(directories);
    }

    /** The declared directories, each of which must exist. */
    public static SourceDirectories of(List<Path> declared) {
        List<Path> real = new ArrayList<>();
        for (Path directory : declared) {
            if (!Files.isDirectory(directory)) {
                throw MallardException.configuration("--source-dir " + directory + " is not a directory. Create it "
                        + "or correct the path.");
            }
            try {
                real.add(directory.toRealPath());
            } catch (IOException e) {
                throw MallardException.configuration("--source-dir " + directory + " cannot be read: " + e.getMessage());
            }
        }
        return new SourceDirectories(real);
    }

    public List<Path> directories() {
        return directories;
    }

    /**
     * The pattern of a file source's table (a path, or a glob such as {@code /srv/crm/orders_*.csv} or
     * {@code /srv/events/**}{@code /*.parquet}) with its fixed part, everything before the first
     * wildcard, replaced by its real path; refused unless that lies inside one of the directories.
     * {@code ..} is refused anywhere, since DuckDB would resolve it after the check.
     */
    public String requirePattern(String pattern) {
        if (Arrays.asList(pattern.split("/")).contains("..")) {
            throw MallardException.invalidArgument("The path " + pattern + " has a '..' segment. Give the path "
                    + "without '..', from the source directory down.");
        }
        int wildcard = firstWildcard(pattern);
        if (wildcard < 0) {
            return requireFile(Path.of(pattern), "a data file").toString();
        }
        int slash = pattern.lastIndexOf('/', wildcard);
        Path fixed = Path.of(slash < 0 ? "." : slash == 0 ? "/" : pattern.substring(0, slash));
        Path real;
        try {
            real = fixed.toRealPath();
        } catch (IOException e) {
            throw MallardException.invalidArgument("The directory " + fixed + " of " + pattern + " does not exist "
                    + "or cannot be read. Check the path.");
        }
        if (!Files.isDirectory(real)) {
            throw MallardException.invalidArgument(fixed + " in " + pattern + " is not a directory. Check the path.");
        }
        requireInside(real, fixed);
        String rest = pattern.substring(slash + 1);
        return real.toString().endsWith("/") ? real + rest : real + "/" + rest;
    }

    private static int firstWildcard(String pattern) {
        for (int i = 0; i < pattern.length(); i++) {
            if ("*?[{".indexOf(pattern.charAt(i)) >= 0) {
                return i;
            }
        }
        return -1;
    }

    /** The file's real path, when it is an existing file inside one of the directories; refuses it otherwise. */
    public Path requireFile(Path file) {
        return requireFile(file, "a DuckDB file");
    }

    private Path requireFile(Path file, String what) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw MallardException.invalidArgument("The file " + file + " does not exist or cannot be read. Check "
                    + "the path.");
        }
        if (!Files.isRegularFile(real)) {
            throw MallardException.invalidArgument(file + " is not a file. Pass the path of " + what + ".");
        }
        requireInside(real, file);
        return real;
    }

    private void requireInside(Path real, Path given) {
        if (directories.stream().noneMatch(real::startsWith)) {
            throw MallardException.invalidArgument("The path " + given + " is outside the directories declared for "
                    + "sources" + (directories.isEmpty() ? " (none are)" : " " + directories) + ". Declare its "
                    + "directory with " + HOW_TO_DECLARE + ", for the sources command and the server alike.");
        }
    }
}
