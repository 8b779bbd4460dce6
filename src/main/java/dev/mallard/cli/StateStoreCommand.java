package dev.mallard.cli;

import dev.mallard.store.StateStore;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Mixin;

/** A command that works on the state store of a data directory (users, keys), created when missing. */
abstract class StateStoreCommand implements Callable<Integer> {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    DataDirOptions files = new DataDirOptions();

    @Override
    public Integer call() {
        try (StateStore store = StateStoreFiles.open(files.dataDir())) {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            run(store, out, err);
            out.flush();
            err.flush();
            return 0;
        }
    }

    abstract void run(StateStore store, PrintWriter out, PrintWriter err);
}
