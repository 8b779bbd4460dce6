package dev.mallard.cli;

import static dev.mallard.cli.CommandRun.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.config.AuthMode;
import dev.mallard.config.AuthSettings;
import dev.mallard.config.OAuthSettings;
import dev.mallard.store.JdbcStateStore;
import dev.mallard.store.StoredSigningKey;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mallard oauth rotate-keys} on the data directory of a server that ran with OAuth. */
class OAuthCommandTest {
    @TempDir
    Path temp;

    @Test
    void rotateKeysStartsANewKeyAndKeepsTheOldOnePublished() throws Exception {
        Path dataDir = Files.createDirectory(temp.resolve("served"));
        String firstKey;
        try (TestMallard server = TestMallard.builder().database("demo", TestData.demo()).dataDir(dataDir)
                .auth(new AuthSettings(AuthMode.OAUTH, false, OAuthSettings.defaults())).start()) {
            firstKey = server.mallard().store().oauth().signingKeys().getFirst().keyId();
        }

        CommandRun rotated = run(Map.of(), "oauth", "rotate-keys", "--data-dir", dataDir.toString());
        assertThat(rotated.exitCode()).as(rotated.err()).isZero();
        assertThat(rotated.out()).contains("Access tokens are now signed with key", "The previous key " + firstKey,
                "stays published and accepted until", "UTC", "within a minute");

        try (JdbcStateStore store = JdbcStateStore.sqlite(dataDir.resolve("mallard.db"))) {
            List<StoredSigningKey> keys = store.oauth().signingKeys();
            assertThat(keys).hasSize(2);
            assertThat(keys).filteredOn(key -> key.retiredAt().isEmpty()).singleElement()
                    .satisfies(key -> assertThat(key.keyId()).isNotEqualTo(firstKey));
            assertThat(keys).filteredOn(key -> key.keyId().equals(firstKey)).singleElement()
                    .satisfies(key -> assertThat(key.retiredAt()).isPresent());
        }
    }

    @Test
    void rotateKeysWithoutAStateStoreSaysWhatToDo() {
        Path missing = temp.resolve("never-served");
        CommandRun run = run(Map.of(), "oauth", "rotate-keys", "--data-dir", missing.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("no state store in " + missing, "mallard serve --auth oauth");
        assertThat(missing).doesNotExist();
    }

    @Test
    void helpListsTheCommand() {
        assertThat(run(Map.of(), "oauth", "--help").out()).contains("rotate-keys");
        assertThat(run(Map.of(), "--help").out()).contains("oauth");
    }
}
