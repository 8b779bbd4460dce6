package dev.mallard.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.app.Mallard;
import dev.mallard.store.JdbcStateStore;
import dev.mallard.store.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mallard users} and {@code mallard keys}, run in-process against a real state store. */
class IdentityCommandsTest {
    private static final Map<String, String> ENV = Map.of();

    @TempDir
    Path dataDir;

    private CommandRun run(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--data-dir";
        all[args.length + 1] = dataDir.toString();
        return CommandRun.run(ENV, all);
    }

    private CommandRun runWithPassword(String password, String... args) {
        String[] all = new String[args.length + 3];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--password-stdin";
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dataDir.toString();
        return CommandRun.withInput(password + "\n", ENV, all);
    }

    @Test
    void addingAUserStoresOnlyAnArgon2Hash() throws Exception {
        CommandRun added = runWithPassword("s3cret-passphrase", "users", "add", "alice@example.com");
        assertThat(added.exitCode()).as(added.err()).isZero();
        assertThat(added.out()).contains("Added user alice@example.com");
        try (StateStore store = JdbcStateStore.sqlite(Mallard.stateStoreFile(dataDir))) {
            String hash = store.identity().findUser("alice@example.com").orElseThrow().passwordHash().orElseThrow();
            assertThat(hash).startsWith("$argon2id$v=19$").doesNotContain("s3cret");
        }
        assertThat(Files.readAllBytes(Mallard.stateStoreFile(dataDir))).asString().doesNotContain("s3cret-passphrase");
    }

    @Test
    void usersAreListedWithTheirGrants() {
        runWithPassword("password-one", "users", "add", "alice", "--admin");
        run("users", "add", "bob", "--no-password");
        assertThat(run("users", "grant", "alice", "sales").out()).contains("Granted read access to 'sales' to alice");
        assertThat(run("users", "grant", "bob", "*", "--write").out()).contains("write access to every database");
        CommandRun list = run("users", "list");
        assertThat(list.lines()).anySatisfy(line -> assertThat(line).startsWith("alice").contains("yes")
                .contains("password").contains("sales:read"));
        assertThat(list.lines()).anySatisfy(line -> assertThat(line).startsWith("bob").contains("*:write"));
        assertThat(run("users", "revoke", "alice", "sales").exitCode()).isZero();
        assertThat(run("users", "list").out()).doesNotContain("sales:read");
    }

    @Test
    void userErrorsSayWhatToDo() {
        runWithPassword("password-one", "users", "add", "alice");
        CommandRun duplicate = runWithPassword("password-two", "users", "add", "alice");
        assertThat(duplicate.exitCode()).isEqualTo(2);
        assertThat(duplicate.err()).contains("already exists").contains("users passwd alice");
        CommandRun shortPassword = runWithPassword("short", "users", "add", "carol");
        assertThat(shortPassword.err()).contains("at least 8 characters");
        CommandRun badName = run("users", "add", "no spaces please", "--no-password");
        assertThat(badName.err()).contains("not a valid user name");
        CommandRun noInput = CommandRun.withInput("", ENV, "users", "add", "dave", "--password-stdin", "--data-dir",
                dataDir.toString());
        assertThat(noInput.err()).contains("No password on standard input");
        CommandRun unknown = run("users", "grant", "nobody", "sales");
        assertThat(unknown.err()).contains("There is no user named 'nobody'").contains("users add nobody");
        CommandRun noGrant = run("users", "revoke", "alice", "sales");
        assertThat(noGrant.err()).contains("has no grant on 'sales'");
    }

    @Test
    void passwdChangesThePassword() {
        runWithPassword("password-one", "users", "add", "alice");
        assertThat(runWithPassword("password-two", "users", "passwd", "alice").out())
                .contains("Changed the password of alice");
        assertThat(runWithPassword("password-two", "users", "passwd", "nobody").err())
                .contains("There is no user named 'nobody'");
    }

    @Test
    void aKeyIsPrintedOnceAndListedWithoutItsSecret() {
        runWithPassword("password-one", "users", "add", "alice");
        CommandRun created = run("keys", "create", "--user", "alice", "--scopes", "read,write", "--name", "laptop",
                "--expires", "30d");
        assertThat(created.exitCode()).as(created.err()).isZero();
        String key = created.out().strip();
        assertThat(key).startsWith("mlk_").hasSizeGreaterThan(50);
        assertThat(created.err()).contains("shown only this once").contains("read,write");
        CommandRun list = run("keys", "list");
        assertThat(list.out()).contains("laptop").contains("alice").contains("read,write").contains("active")
                .doesNotContain(key.substring(15));
        String id = key.substring(4, 14);
        assertThat(run("keys", "revoke", id).out()).contains("Revoked API key " + id);
        assertThat(run("keys", "list", "--user", "alice").out()).contains("revoked");
        assertThat(run("keys", "revoke", id).err()).contains("already revoked");
    }

    @Test
    void aKeyMayCarryTheAnnotateScope() {
        runWithPassword("password-one", "users", "add", "alice");
        CommandRun created = run("keys", "create", "--user", "alice", "--scopes", "read, ANNOTATE");
        assertThat(created.exitCode()).as(created.err()).isZero();
        assertThat(created.err()).contains("with scopes read,annotate");
        assertThat(run("keys", "create", "--user", "alice", "--scopes", "anotate").err())
                .contains("Unknown scope 'anotate'. Scopes are: read write annotate sync admin pii.");
    }

    @Test
    void keyErrorsSayWhatToDo() {
        runWithPassword("password-one", "users", "add", "alice");
        assertThat(run("keys", "create", "--user", "nobody").err()).contains("There is no user named 'nobody'");
        assertThat(run("keys", "create", "--user", "alice", "--scopes", "admin").err())
                .contains("not an administrator");
        assertThat(run("keys", "create", "--user", "alice", "--scopes", "reed").err()).contains("Unknown scope 'reed'");
        assertThat(run("keys", "create", "--user", "alice", "--expires", "whenever").err())
                .contains("is not a time");
        assertThat(run("keys", "revoke", "nosuchid").err()).contains("no API key with id 'nosuchid'");
    }

    @Test
    void servingANonLoopbackAddressWithoutAuthenticationIsRefused() {
        CommandRun serve = run("serve", "--db", ":memory:", "--host", "0.0.0.0", "--port", "0");
        assertThat(serve.exitCode()).isEqualTo(2);
        assertThat(serve.err()).contains("Refusing to serve 0.0.0.0 without authentication").contains("--auth keys")
                .contains("--allow-unauthenticated-public-access");
    }

    @Test
    void upstreamSignInNeedsOAuthAndItsClientCredentials() {
        assertThat(run("serve", "--db", ":memory:", "--oidc-issuer", "https://id.example.com").err())
                .contains("add --auth oauth");
        assertThat(run("serve", "--db", ":memory:", "--auth", "oauth", "--oidc-issuer", "https://id.example.com").err())
                .contains("needs --oidc-client-id");
    }
}
