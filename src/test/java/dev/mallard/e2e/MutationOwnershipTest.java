package dev.mallard.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mallard.app.Mallard;
import dev.mallard.engine.DatabaseAccess;
import dev.mallard.engine.QueryControl;
import dev.mallard.engine.ServedDatabase;
import dev.mallard.error.MallardException;
import dev.mallard.mutations.Decision;
import dev.mallard.mutations.Mutation;
import dev.mallard.mutations.MutationService;
import dev.mallard.store.MutationStatus;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pending mutation belongs to whoever previewed it, is applied at most once even when confirmed
 * from several places at the same time, and its decision is kept in the state store.
 */
class MutationOwnershipTest {
    @TempDir
    static Path directory;

    private static TestMallard server;
    private static MutationService mutations;
    private static ServedDatabase database;

    @BeforeAll
    static void start() {
        Path file = TestData.database(directory, "counter.duckdb",
                "CREATE TABLE counter (id INTEGER PRIMARY KEY, n INTEGER)", "INSERT INTO counter VALUES (1, 0)");
        server = TestMallard.builder().database("counter", file).confirmWrites().start();
        mutations = server.mallard().mutations();
        database = server.mallard().catalog().resolveDatabase("counter");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Mutation propose(String principal) {
        return mutations.propose("UPDATE counter SET n = n + 1 WHERE id = 1", database, principal,
                QueryControl.unobserved(), DatabaseAccess.ALL);
    }

    @Test
    void onlyTheProposerCanConfirmOrCancel() {
        Mutation mutation = propose("alice");
        assertThatThrownBy(() -> mutations.confirm(List.of(mutation.id()), "bob", QueryControl.unobserved(), DatabaseAccess.ALL))
                .isInstanceOf(MallardException.class).hasMessageContaining("not found");
        assertThatThrownBy(() -> mutations.cancel(mutation.id(), "bob")).hasMessageContaining("not found");
        assertThat(mutations.confirm(List.of(mutation.id()), "alice", QueryControl.unobserved(), DatabaseAccess.ALL))
                .isInstanceOf(Decision.Applied.class);
        assertThat(server.mallard().store().mutations().find(mutation.id())).get()
                .satisfies(stored -> {
                    assertThat(stored.status()).isEqualTo(MutationStatus.APPLIED);
                    assertThat(stored.principal()).isEqualTo("alice");
                    assertThat(stored.decidedAt()).isNotNull();
                });
    }

    @Test
    void concurrentConfirmationsApplyOnce() throws Exception {
        Mutation mutation = propose("carol");
        int before = counter();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        try {
            List<Future<Object>> attempts = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                Callable<Object> confirm = () -> {
                    try {
                        return mutations.confirm(List.of(mutation.id()), "carol", QueryControl.unobserved(), DatabaseAccess.ALL);
                    } catch (MallardException e) {
                        return e.getMessage();
                    }
                };
                attempts.add(threads.submit(confirm));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> attempt : attempts) {
                outcomes.add(attempt.get());
            }
            assertThat(outcomes).filteredOn(Decision.Applied.class::isInstance).hasSize(1);
            assertThat(outcomes).filteredOn(String.class::isInstance).hasSize(5).allSatisfy(message ->
                    assertThat((String) message).containsAnyOf("was already applied", "is being applied"));
        } finally {
            threads.shutdownNow();
        }
        assertThat(counter()).isEqualTo(before + 1);
    }

    @Test
    void aPendingMutationSurvivesARestart() {
        Path file = TestData.database(directory, "restart.duckdb", "CREATE TABLE t (n INTEGER)",
                "INSERT INTO t VALUES (1)");
        Path dataDir = directory.resolve("restart-data");
        var config = TestMallard.builder().database("restart", file).confirmWrites().config(dataDir);
        String id;
        try (Mallard first = Mallard.open(config)) {
            id = first.mutations().propose("UPDATE t SET n = 2", first.catalog().resolveDatabase("restart"), "erin",
                    QueryControl.unobserved(), DatabaseAccess.ALL).id();
        }
        try (Mallard second = Mallard.open(config)) {
            assertThat(second.store().mutations().find(id)).get()
                    .satisfies(stored -> assertThat(stored.status()).isEqualTo(MutationStatus.PENDING));
            assertThat(second.mutations().confirm(List.of(id), "erin", QueryControl.unobserved(), DatabaseAccess.ALL))
                    .isInstanceOf(Decision.Applied.class);
        }
    }

    private static int counter() {
        return server.mallard().engine().withConnection(database, connection -> {
            try (var statement = connection.createStatement();
                    var rs = statement.executeQuery("SELECT n FROM counter WHERE id = 1")) {
                rs.next();
                return rs.getInt(1);
            }
        });
    }
}
