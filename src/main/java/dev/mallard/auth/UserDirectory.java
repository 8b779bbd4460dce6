package dev.mallard.auth;

import dev.mallard.error.MallardException;
import dev.mallard.store.IdentityStore;
import dev.mallard.store.StoredGrant;
import dev.mallard.store.StoredUser;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** Mallard's users: their passwords, their grants on databases, and what a credential of theirs may do. */
public final class UserDirectory {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@+-]{0,127}");

    /**
     * Hashed when a login names an unknown user, so that the answer takes as long as for a known one.
     * Made on the first such login, not when the class loads: an Argon2 hash costs a third of a second,
     * which every server start would otherwise pay.
     */
    private static final class DummyHash {
        static final String VALUE = new PasswordHasher().hash("not a password".toCharArray());
    }

    /** A user as listings show them. */
    public record User(String name, boolean admin, boolean hasPassword, DatabaseGrants grants) {}

    private final IdentityStore store;
    private final PasswordHasher hasher;
    private final Clock clock;
    private final AtomicLong changes = new AtomicLong();

    public UserDirectory(IdentityStore store, Clock clock) {
        this.store = store;
        this.hasher = new PasswordHasher();
        this.clock = clock;
    }

    public static String checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw MallardException.invalidArgument("'" + name + "' is not a valid user name: use letters, digits and "
                    + ". _ @ + -, starting with a letter or digit, at most 128 characters.");
        }
        return name;
    }

    /** Adds a user; a user without a password signs in only through the upstream identity provider. */
    public void add(String name, Optional<char[]> password, boolean admin) {
        checkName(name);
        password.ifPresent(UserDirectory::checkPassword);
        Optional<String> hash = password.map(hasher::hash);
        if (!store.insertUser(new StoredUser(name, hash, admin, clock.instant()))) {
            throw MallardException.invalidArgument("A user named '" + name + "' already exists. Pick another name, "
                    + "or change their password with 'users passwd " + name + "'.");
        }
    }

    /** The user signing in through the upstream identity provider, created (without grants) on first sign-in. */
    public StoredUser external(String name) {
        checkName(name);
        return store.findUser(name).orElseGet(() -> {
            store.insertUser(new StoredUser(name, Optional.empty(), false, clock.instant()));
            return store.findUser(name).orElseThrow();
        });
    }

    public void remove(String name) {
        boolean deleted = store.deleteUser(name);
        changes.incrementAndGet();
        if (!deleted) {
            throw unknown(name);
        }
    }

    public void setPassword(String name, char[] password) {
        checkPassword(password);
        if (!store.updatePassword(name, hasher.hash(password))) {
            throw unknown(name);
        }
    }

    public Optional<StoredUser> find(String name) {
        return store.findUser(name);
    }

    /** The user whose password this is; empty for a wrong password or an unknown user alike. */
    public Optional<StoredUser> verifyPassword(String name, char[] password) {
        Optional<StoredUser> user = store.findUser(name);
        if (user.isEmpty() || user.get().passwordHash().isEmpty()) {
            hasher.verify(password, DummyHash.VALUE);
            return Optional.empty();
        }
        return hasher.verify(password, user.get().passwordHash().get()) ? user : Optional.empty();
    }

    public List<User> list() {
        Map<String, Map<String, Access>> grants = new LinkedHashMap<>();
        for (StoredGrant grant : store.allGrants()) {
            grants.computeIfAbsent(grant.user(), u -> new LinkedHashMap<>()).put(grant.database(),
                    Access.parse(grant.access()));
        }
        return store.users().stream()
                .map(u -> new User(u.name(), u.admin(), u.passwordHash().isPresent(),
                        new DatabaseGrants(grants.getOrDefault(u.name(), Map.of()))))
                .toList();
    }

    public void grant(String user, String database, Access access) {
        require(user);
        if (database.isBlank()) {
            throw MallardException.invalidArgument("Name the database to grant, or * for every database.");
        }
        store.putGrant(new StoredGrant(user, database.strip(), access.label(), clock.instant()));
        changes.incrementAndGet();
    }

    public void revoke(String user, String database) {
        require(user);
        boolean deleted = store.deleteGrant(user, database.strip());
        changes.incrementAndGet();
        if (!deleted) {
            throw MallardException.notFound("User '" + user + "' has no grant on '" + database + "'. "
                    + "'users list' shows every user's grants.");
        }
    }

    /**
     * A number that grows with every change this directory makes to users and grants, so that what
     * was derived from them (a cached principal) can tell it is out of date. It counts after the
     * change is stored, so a reader that took the count before reading the store never keeps a stale
     * result under the new count. Changes made by another process (the CLI, another replica) do not
     * count here.
     */
    public long changes() {
        return changes.get();
    }

    public DatabaseGrants grants(String user) {
        Map<String, Access> byDatabase = new LinkedHashMap<>();
        for (StoredGrant grant : store.grants(user)) {
            byDatabase.put(grant.database(), Access.parse(grant.access()));
        }
        return new DatabaseGrants(byDatabase);
    }

    /** The scopes a user can hold: admin only for administrators. */
    public static Set<Scope> allowedScopes(StoredUser user, Set<Scope> requested) {
        Set<Scope> scopes = requested.isEmpty() ? EnumSet.noneOf(Scope.class) : EnumSet.copyOf(requested);
        if (!user.admin()) {
            scopes.remove(Scope.ADMIN);
        }
        return Set.copyOf(scopes);
    }

    /** The principal a credential of this user acts as, with the user's current grants. */
    public Principal principal(StoredUser user, Set<Scope> scopes, String credential, Optional<String> clientId) {
        return new Principal(user.name(), allowedScopes(user, scopes), grants(user.name()), credential, clientId);
    }

    /** The user, or a not-found error that says how to list and add users. */
    public StoredUser require(String name) {
        return store.findUser(name).orElseThrow(() -> unknown(name));
    }

    private static MallardException unknown(String name) {
        return MallardException.notFound("There is no user named '" + name + "'. 'users list' shows them; "
                + "'users add " + name + "' creates one.");
    }

    private static void checkPassword(char[] password) {
        if (password.length < 8) {
            throw MallardException.invalidArgument("The password is too short: use at least 8 characters.");
        }
        if (password.length > 1024) {
            throw MallardException.invalidArgument("The password is too long: use at most 1024 characters.");
        }
    }
}
