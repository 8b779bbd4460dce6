package dev.mallard.testing;

import dev.mallard.app.Mallard;
import dev.mallard.sources.ApiSync;
import dev.mallard.sources.SourceRegistry;
import dev.mallard.sources.SyncLimits;
import dev.mallard.store.JdbcStateStore;
import dev.mallard.store.StateStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;

/** The sources of a data directory, changed the way the {@code sources} CLI changes them (no server). */
public final class TestSources {
    private TestSources() {}

    /** Runs {@code action} on the registry over the data directory's state store, created when missing. */
    public static <T> T withRegistry(Path dataDir, Function<SourceRegistry, T> action) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (StateStore store = JdbcStateStore.sqlite(Mallard.stateStoreFile(dataDir));
                ApiSync sync = new ApiSync(Mallard.sourcesDirectory(dataDir), SyncLimits.DEFAULTS,
                        Clock.systemUTC())) {
            return action.apply(new SourceRegistry(store.sources(), sync, Clock.systemUTC(), name -> false));
        }
    }
}
