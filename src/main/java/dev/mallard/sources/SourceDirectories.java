package dev.mallard.sources;

import dev.mallard.error.MallardException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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

    /** The file's real path, when it is an existing file inside one of the directories; refuses it otherwise. */
    public Path requireFile(Path file) {
        Path real;
        try {
            real = file.toRealPath();
        } catch (IOException e) {
            throw MallardException.invalidArgument("The file " + file + " does not exist or cannot be read. Check "
                    + "the path.");
        }
        if (!Files.isRegularFile(real)) {
            throw MallardException.invalidArgument(file + " is not a file. Pass the path of a DuckDB file.");
        }
        if (directories.stream().noneMatch(real::startsWith)) {
            throw MallardException.invalidArgument("The file " + file + " is outside the directories declared for "
                    + "sources" + (directories.isEmpty() ? " (none are)" : " " + directories) + ". Declare its "
                    + "directory with " + HOW_TO_DECLARE + ", for the sources command and the server alike.");
        }
        return real;
    }
}
