package dev.mallard.cli;

import dev.mallard.app.Mallard;
import dev.mallard.config.OAuthSettings;
import dev.mallard.oauth.SigningKeys;
import dev.mallard.store.JdbcStateStore;
import dev.mallard.store.StateStore;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code mallard oauth}: maintenance of the OAuth authorization server's state. */
@Command(name = "oauth", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Maintain the OAuth authorization server of 'serve --auth oauth'.",
        subcommands = {OAuthCommand.RotateKeys.class})
final class OAuthCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** {@code mallard oauth rotate-keys}: a new access-token signing key; the old one is honoured until its tokens expire. */
    @Command(name = "rotate-keys", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
            description = {"Start signing access tokens with a new key. The previous key stays published and "
                    + "accepted until the tokens it signed have expired, so nobody is signed out. Safe while a server "
                    + "runs: it picks the new key up within a minute."})
    static final class RotateKeys implements Callable<Integer> {
        private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'",
                Locale.ROOT).withZone(ZoneOffset.UTC);

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Mixin
        DataDirOptions files = new DataDirOptions();

        @Option(names = "--access-token-ttl", paramLabel = "DURATION", converter = DurationConverter.class,
                description = "The servers' access-token lifetime, which decides how long the old key stays "
                        + "published (default: 10m).")
        Duration accessTokenTtl = OAuthSettings.DEFAULT_ACCESS_TOKEN_TTL;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path dataDir = files.dataDir();
            Path file = Mallard.stateStoreFile(dataDir);
            if (!Files.isRegularFile(file)) {
                spec.commandLine().getErr().println("mallard: no state store in " + dataDir + ", so no keys to rotate. "
                        + "Start 'mallard serve --auth oauth' once: it creates the first signing key.");
                return 2;
            }
            try (StateStore store = JdbcStateStore.sqlite(file)) {
                SigningKeys.Rotation rotation = SigningKeys.open(store.oauth(), Clock.systemUTC(), accessTokenTtl)
                        .rotate();
                out.println("Access tokens are now signed with key " + rotation.newKeyId() + ".");
                rotation.retiredKeyId().ifPresent(old -> out.println("The previous key " + old + " stays published "
                        + "and accepted until " + TIME.format(rotation.retiredKeyPublishedUntil())
                        + ", so the tokens it signed keep working."));
                out.println("Running servers switch to the new key within a minute.");
            }
            out.flush();
            return 0;
        }
    }
}
