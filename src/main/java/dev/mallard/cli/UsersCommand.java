package dev.mallard.cli;

import dev.mallard.auth.Access;
import dev.mallard.auth.DatabaseGrants;
import dev.mallard.auth.UserDirectory;
import dev.mallard.store.StateStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code mallard users}: the people who may sign in, and the databases each may use. */
@Command(name = "users", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = {"Manage Mallard's users and their grants on databases. A user sees, lists and queries only the "
                + "databases granted to them; API keys and OAuth sign-ins act as a user. Safe to run while a server "
                + "is running: changes apply to the next request (to an API key in use, within 2 seconds)."},
        subcommands = {UsersCommand.Add.class, UsersCommand.ListUsers.class, UsersCommand.Remove.class,
                UsersCommand.Passwd.class, UsersCommand.Grant.class, UsersCommand.Revoke.class},
        footer = {"", "Examples:",
                "  ./mallard users add alice                     asks for a password",
                "  ./mallard users grant alice sales             read access to the database 'sales'",
                "  ./mallard users grant alice '*' --write       read and write access to every database",
                "  ./mallard keys create --user alice --scopes read"})
final class UsersCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Runs an action against the data directory's users. */
    abstract static class UserAction extends StateStoreCommand {
        @Override
        final void run(StateStore store, PrintWriter out, PrintWriter err) {
            run(new UserDirectory(store.identity(), Clock.systemUTC()), out);
        }

        abstract void run(UserDirectory users, PrintWriter out);
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user. The password is asked for on "
            + "the terminal, or read from standard input with --password-stdin; it is stored as an Argon2id hash.")
    static final class Add extends UserAction {
        @Parameters(paramLabel = "NAME", description = "The user name (letters, digits, . _ @ + -), e.g. an email.")
        String name;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Option(names = "--no-password", description = "No password: the user signs in only through the OpenID "
                + "Connect provider (--oidc-issuer) or uses API keys.")
        boolean noPassword;

        @Option(names = "--admin", description = "An administrator: may hold the admin scope (everyone's audit log, "
                + "users and keys).")
        boolean admin;

        @Override
        void run(UserDirectory users, PrintWriter out) {
            UserDirectory.checkName(name);
            Optional<char[]> password = noPassword ? Optional.empty()
                    : Optional.of(PasswordInput.read(passwordStdin, name));
            try {
                users.add(name, password, admin);
            } finally {
                password.ifPresent(p -> Arrays.fill(p, '\0'));
            }
            out.println("Added user " + name + (admin ? " (administrator)" : "") + ". Grant databases with: users grant "
                    + name + " DATABASE [--write]");
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List users and their grants.")
    static final class ListUsers extends UserAction {
        @Override
        void run(UserDirectory users, PrintWriter out) {
            List<UserDirectory.User> all = users.list();
            if (all.isEmpty()) {
                out.println("No users yet. Add one with: users add NAME");
                return;
            }
            TextTable table = new TextTable("USER", "ADMIN", "SIGN-IN", "GRANTS");
            for (UserDirectory.User user : all) {
                table.row(user.name(), user.admin() ? "yes" : "no", user.hasPassword() ? "password" : "provider/keys",
                        grants(user.grants()));
            }
            table.print(out);
        }

        private static String grants(DatabaseGrants grants) {
            return grants.byDatabase().entrySet().stream()
                    .map(entry -> entry.getKey() + ":" + entry.getValue().label())
                    .collect(Collectors.joining(", "));
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user, with their grants and "
            + "API keys.")
    static final class Remove extends UserAction {
        @Parameters(paramLabel = "NAME")
        String name;

        @Override
        void run(UserDirectory users, PrintWriter out) {
            users.remove(name);
            out.println("Removed user " + name + " with their grants and API keys.");
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a user's password (asked for on "
            + "the terminal, or read from standard input with --password-stdin).")
    static final class Passwd extends UserAction {
        @Parameters(paramLabel = "NAME")
        String name;

        @Option(names = "--password-stdin", description = "Read the password from the first line of standard input.")
        boolean passwordStdin;

        @Override
        void run(UserDirectory users, PrintWriter out) {
            users.require(name);
            char[] password = PasswordInput.read(passwordStdin, name);
            try {
                users.setPassword(name, password);
            } finally {
                Arrays.fill(password, '\0');
            }
            out.println("Changed the password of " + name + ".");
        }
    }

    @Command(name = "grant", mixinStandardHelpOptions = true, description = "Let a user read (or, with --write, also "
            + "change) a database; * means every database, including ones served later.")
    static final class Grant extends UserAction {
        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Parameters(index = "1", paramLabel = "DATABASE", description = "A database name as served (--db NAME=PATH), "
                + "or * for all.")
        String database;

        @Option(names = "--write", description = "Also allow changes (with the write scope, and writes on).")
        boolean write;

        @Override
        void run(UserDirectory users, PrintWriter out) {
            Access access = write ? Access.WRITE : Access.READ;
            users.grant(user, database, access);
            out.println("Granted " + access.label() + " access to " + describe(database) + " to " + user + ".");
        }
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Take a user's grant on a database away.")
    static final class Revoke extends UserAction {
        @Parameters(index = "0", paramLabel = "USER")
        String user;

        @Parameters(index = "1", paramLabel = "DATABASE")
        String database;

        @Override
        void run(UserDirectory users, PrintWriter out) {
            users.revoke(user, database);
            out.println("Revoked " + user + "'s access to " + describe(database) + ".");
        }
    }

    private static String describe(String database) {
        return database.strip().equals(DatabaseGrants.ALL_DATABASES) ? "every database" : "'" + database.strip() + "'";
    }
}
