package dev.mallard.config;

import dev.mallard.error.MallardException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one Mallard process is configured with.
 *
 * @param databases the databases to serve, the first being the default; empty serves the demo
 * @param writes whether and how {@code query_rw} may change data
 * @param dataDir where Mallard keeps its own files (the demo database, temp space)
 * @param auth how HTTP requests authenticate
 * @param cursors what is kept of truncated results for paging with a cursor
 * @param exports how long exported files live and how much room they may take
 * @param sourceDirectories the directories whose files may be registered as sources ({@code --source-dir})
 * @param declaredSources the sources the config file declares, applied at start; empty when the file
 *     has no {@code sources:} key and leaves the registered sources alone
 */
public record MallardConfig(List<DatabaseSpec> databases, WriteSettings writes, Path dataDir, QueryLimits limits,
        EngineSettings engine, HttpSettings http, AuthSettings auth, CursorSettings cursors, ExportSettings exports,
        List<Path> sourceDirectories, Optional<List<SourceDeclaration>> declaredSources) {
    public MallardConfig(List<DatabaseSpec> databases, WriteSettings writes, Path dataDir, QueryLimits limits,
            EngineSettings engine, HttpSettings http, AuthSettings auth, CursorSettings cursors,
            ExportSettings exports, List<Path> sourceDirectories) {
        this(databases, writes, dataDir, limits, engine, http, auth, cursors, exports, sourceDirectories,
                Optional.empty());
    }

    public MallardConfig(List<DatabaseSpec> databases, WriteSettings writes, Path dataDir, QueryLimits limits,
            EngineSettings engine, HttpSettings http, AuthSettings auth, CursorSettings cursors,
            ExportSettings exports) {
        this(databases, writes, dataDir, limits, engine, http, auth, cursors, exports, List.of());
    }

    public MallardConfig(List<DatabaseSpec> databases, WriteSettings writes, Path dataDir, QueryLimits limits,
            EngineSettings engine, HttpSettings http, AuthSettings auth, CursorSettings cursors) {
        this(databases, writes, dataDir, limits, engine, http, auth, cursors, ExportSettings.DEFAULTS);
    }

    public MallardConfig {
        databases = List.copyOf(databases);
        sourceDirectories = List.copyOf(sourceDirectories);
        declaredSources = declaredSources.map(List::copyOf);
        Set<String> names = new HashSet<>();
        for (DatabaseSpec database : databases) {
            if (!names.add(database.name().toLowerCase(Locale.ROOT))) {
                throw MallardException.configuration("Two databases are named '" + database.name()
                        + "'. Give each a distinct name with --db NAME=PATH.");
            }
        }
    }

    public static Path defaultDataDir() {
        return Path.of(System.getProperty("user.home"), ".mallard");
    }

    public static MallardConfig defaults() {
        return new MallardConfig(List.of(), WriteSettings.OFF, defaultDataDir(), QueryLimits.DEFAULTS, EngineSettings.defaults(),
                HttpSettings.defaults(), AuthSettings.NONE, CursorSettings.DEFAULTS);
    }

    public MallardConfig withDatabases(List<DatabaseSpec> newDatabases) {
        return new MallardConfig(newDatabases, writes, dataDir, limits, engine, http, auth, cursors, exports,
                sourceDirectories, declaredSources);
    }

    public MallardConfig withExports(ExportSettings newExports) {
        return new MallardConfig(databases, writes, dataDir, limits, engine, http, auth, cursors, newExports,
                sourceDirectories, declaredSources);
    }

    public MallardConfig withSourceDirectories(List<Path> directories) {
        return new MallardConfig(databases, writes, dataDir, limits, engine, http, auth, cursors, exports, directories,
                declaredSources);
    }

    public MallardConfig withDeclaredSources(Optional<List<SourceDeclaration>> declared) {
        return new MallardConfig(databases, writes, dataDir, limits, engine, http, auth, cursors, exports,
                sourceDirectories, declared);
    }

    /** Whether the databases are opened read-write (writes are on, directly or after confirmation). */
    public boolean readWrite() {
        return writes.allowed();
    }
}
