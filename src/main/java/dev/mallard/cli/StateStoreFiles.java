package dev.mallard.cli;

import dev.mallard.app.Mallard;
import dev.mallard.error.MallardException;
import dev.mallard.store.JdbcStateStore;
import dev.mallard.store.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opens the state store of a data directory for the commands that manage users and keys. */
final class StateStoreFiles {
    private StateStoreFiles() {}

    /** The store in the directory, created (with the directory) when there is none yet. */
    static StateStore open(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw MallardException.configuration("Cannot create the data directory " + dataDir + ": " + e.getMessage()
                    + ". Pass --data-dir to use another one.");
        }
        return JdbcStateStore.sqlite(Mallard.stateStoreFile(dataDir));
    }
}
