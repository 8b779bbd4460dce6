package dev.mallard.cli;

import dev.mallard.MallardVersion;
import picocli.CommandLine;

/** {@code mallard --version}. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"mallard " + MallardVersion.get(),
                "Java " + Runtime.version() + " (" + System.getProperty("java.vendor") + ")"};
    }
}
