package dev.mallard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.duckdb.DuckDBConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ConnectionPoolTest {
    private DuckDBConnection root;
    private ConnectionPool pool;

    @BeforeEach
    void open() throws SQLException {
        root = (DuckDBConnection) DriverManager.getConnection("jdbc:duckdb:");
        List<EngineConnection> connections = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            connections.add(new EngineConnection(root.duplicate(), "memory", () -> FileShadows.NONE));
        }
        pool = new ConnectionPool(connections);
    }

    @AfterEach
    void close() throws SQLException {
        pool.close();
        root.close();
    }

    @Test
    void aStatementGoesToTheIdleConnectionThatKeepsIt() throws Exception {
        List<EngineConnection> given = givenBackKeepingOnTheFirst("SELECT 42");

        EngineConnection taken = pool.take("SELECT 42");

        assertThat(taken).isSameAs(given.getFirst());
        pool.give(taken);
    }

    @Test
    void withoutAKeptCopyTheConnectionGivenBackLastIsTakenFirst() throws Exception {
        List<EngineConnection> given = givenBackKeepingOnTheFirst("SELECT 1");

        assertThat(pool.take("SELECT 2")).isSameAs(given.getLast());
        assertThat(pool.take(null)).isSameAs(given.getFirst());
    }

    @Test
    void aTakerWaitsUntilAConnectionIsGivenBack() throws Exception {
        List<EngineConnection> all = List.of(pool.take(null), pool.take(null), pool.take(null));
        CompletableFuture<EngineConnection> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return pool.take("SELECT 42");
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Thread.sleep(100);
        assertThat(waiting).isNotDone();

        pool.give(all.get(1));

        assertThat(waiting.get(5, TimeUnit.SECONDS)).isSameAs(all.get(1));
    }

    /**
     * Takes two connections, keeps {@code sql} prepared on the first, and gives back the first and
     * then the second, which is then the one given back last.
     */
    private List<EngineConnection> givenBackKeepingOnTheFirst(String sql) throws Exception {
        EngineConnection keeping = pool.take(null);
        EngineConnection other = pool.take(null);
        keeping.kept(sql, true);
        pool.give(keeping);
        pool.give(other);
        return List.of(keeping, other);
    }
}
