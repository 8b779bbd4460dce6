package dev.mallard.cli;

import dev.mallard.auth.ApiKeys;
import dev.mallard.auth.Scope;
import dev.mallard.auth.UserDirectory;
import dev.mallard.store.StateStore;
import dev.mallard.store.StoredApiKey;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mallard keys}: API keys, sent as {@code Authorization: Bearer <key>} to a server run with --auth keys or oauth. */
@Command(name = "keys", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Manage API keys. A key acts as its user, with the user's grants, limited to its scopes: read "
                + "(query and the catalog tools), write (query_rw and the mutation tools), admin (administrators only). "
                + "A key is shown once when created and stored only as a hash. Safe to run while a server is running: "
                + "a revoked key stops working within 2 seconds (a server rechecks a key it has just seen at most that "
                + "often)."},
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class},
        footer = {"", "Examples:",
                "  ./mallard keys create --user alice --scopes read --name laptop",
                "  ./mallard keys create --user alice --scopes read,write --expires 90d",
                "  ./mallard keys revoke k7xq2m9pza"})
final class KeysCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs an action against the data directory's keys. */
    abstract static class KeyAction extends StateStoreCommand {
        @Override
        final void run(StateStore store, PrintWriter out, PrintWriter err) {
            UserDirectory users = new UserDirectory(store.identity(), Clock.systemUTC());
            run(new ApiKeys(store.identity(), users, Clock.systemUTC()), out, err);
        }

        abstract void run(ApiKeys keys, PrintWriter out, PrintWriter err);
    }

    @Command(name = "create", mixinStandardHelpOptions = true, description = "Create a key and print it once. "
            + "Standard output carries only the key, so it can be captured: KEY=$(mallard keys create ...).")
    static final class Create extends KeyAction {
        @Option(names = "--user", required = true, paramLabel = "USER", description = "The user the key acts as.")
        String user;

        @Option(names = "--scopes", paramLabel = "SCOPES", description = "read, write, annotate, admin; "
                + "comma-separated (default: ${DEFAULT-VALUE}).")
        String scopes = "read";

        @Option(names = "--name", paramLabel = "NAME", description = "A label to recognise the key by (default: "
                + "its id).")
        String name;

        @Option(names = "--expires", paramLabel = "WHEN", converter = ExpiryConverter.class, description = "When "
                + "the key stops working: a duration from now (30d, 12h, 2w) or a UTC date or time (2027-01-01). "
                + "Default: never.")
        Instant expires;

        @Override
        void run(ApiKeys keys, PrintWriter out, PrintWriter err) {
            Set<Scope> parsed = Scope.parseAll(scopes);
            ApiKeys.CreatedKey created = keys.create(user, parsed, Optional.ofNullable(name),
                    Optional.ofNullable(expires));
            out.println(created.secret());
            err.println("Created API key " + created.key().id() + " for " + user + " with scopes "
                    + created.key().scopes().replace(' ', ',')
                    + created.key().expiresAt().map(at -> ", expiring " + AuditCommand.time(at)).orElse("")
                    + ". It is shown only this once: store it now. Send it as 'Authorization: Bearer <key>'.");
            err.flush();
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List keys (never the keys themselves).")
    static final class ListKeys extends KeyAction {
        @Option(names = "--user", paramLabel = "USER", description = "Only this user's keys.")
        String user;

        @Override
        void run(ApiKeys keys, PrintWriter out, PrintWriter err) {
            List<StoredApiKey> all = keys.list(Optional.ofNullable(user));
            if (all.isEmpty()) {
                out.println("No API keys" + (user == null ? "" : " for " + user) + ". Create one with: keys create "
                        + "--user USER --scopes read");
                return;
            }
            Instant now = Instant.now();
            TextTable table = new TextTable("ID", "NAME", "USER", "SCOPES", "CREATED", "EXPIRES", "LAST USED", "STATUS");
            for (StoredApiKey key : all) {
                table.row(key.id(), key.name(), key.user(), key.scopes().replace(' ', ','),
                        AuditCommand.time(key.createdAt()), key.expiresAt().map(AuditCommand::time).orElse("never"),
                        key.lastUsedAt().map(AuditCommand::time).orElse("never"), status(key, now));
            }
            table.print(out);
        }

        private static String status(StoredApiKey key, Instant now) {
            if (key.revokedAt().isPresent()) {
                return "revoked";
            }
            return key.expiresAt().filter(at -> !at.isAfter(now)).isPresent() ? "expired" : "active";
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key: a running server "
            + "refuses it within 2 seconds, also in sessions already open.")
    static final class Revoke extends KeyAction {
        @Parameters(paramLabel = "ID", description = "The key's id, as 'keys list' shows it.")
        String id;

        @Override
        void run(ApiKeys keys, PrintWriter out, PrintWriter err) {
            keys.revoke(id);
            out.println("Revoked API key " + id + ".");
        }
    }

    /** When a key expires: a duration from now, or an absolute UTC date or time. */
    static final class ExpiryConverter implements CommandLine.ITypeConverter<Instant> {
        @Override
        public Instant convert(String value) {
            Instant now = Instant.now();
            // AuditCommand's parser reads a duration as "back from now"; an expiry lies ahead of now.
            return AuditCommand.SinceConverter.parse(value, now)
                    .map(at -> AuditCommand.SinceConverter.isDuration(value) ? now.plus(Duration.between(at, now)) : at)
                    .orElseThrow(() -> new CommandLine.TypeConversionException("'" + value + "' is not a time. "
                            + "Write a duration from now (30d, 12h, 2w) or a UTC date or time (2027-01-01, "
                            + "2027-01-01T09:00:00Z)."));
        }
    }
}
