package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.call;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.config.EngineSettings;
import dev.mallard.testing.TestData;
import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Many SDK clients at once on one server with four query workers. */
class ConcurrentClientsTest {
    private static final int CLIENTS = 16;
    private static final int QUERIES_PER_CLIENT = 20;
    /** About 4-5 s with 2 DuckDB threads on a 2-core machine. */
    private static final String SLOW_QUERY = "SELECT sum(length(md5(i::VARCHAR))) AS n FROM range(27000000) t(i)";

    private static TestMallard server;
    private static final List<McpSyncClient> clients = new ArrayList<>();
    private static ExecutorService threads;

    @BeforeAll
    static void start() {
        server = TestMallard.builder().database("demo", TestData.demo())
                .engine(new EngineSettings(2, "1GB", "2GB", 4)).start();
        for (int i = 0; i < CLIENTS; i++) {
            clients.add(server.client());
        }
        threads = Executors.newFixedThreadPool(CLIENTS);
    }

    @AfterAll
    static void stop() {
        threads.shutdownNow();
        server.close();
    }

    @Test
    void everyAnswerBelongsToItsOwnRequest() throws Exception {
        CountDownLatch ready = new CountDownLatch(CLIENTS);
        List<Future<Integer>> outcomes = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            int clientNumber = i;
            McpSyncClient client = clients.get(i);
            outcomes.add(threads.submit(() -> {
                ready.countDown();
                ready.await();
                int checked = 0;
                for (int j = 0; j < QUERIES_PER_CLIENT; j++) {
                    var result = query(client, "SELECT " + clientNumber + " AS n, " + j + " AS m, '" + clientNumber
                            + "/" + j + "' AS tag");
                    assertThat(rows(result)).as("client %d query %d", clientNumber, j)
                            .containsExactly(List.of(clientNumber, j, clientNumber + "/" + j));
                    checked++;
                    switch (j % 5) {
                        case 1 -> assertThat(rows(call(client, "list_tables"))).hasSize(4);
                        case 2 -> assertThat(structured(call(client, "describe_table", "table", "products")))
                                .containsEntry("row_count", 1_000);
                        case 3 -> assertThat(rows(call(client, "search_catalog", "query", "email")).getFirst().get(1))
                                .isEqualTo("demo.main.customers.email");
                        case 4 -> assertThat(rows(call(client, "query", "sql",
                                "SELECT customer_id FROM customers WHERE customer_id = " + (clientNumber * 100 + j))))
                                .containsExactly(List.of(clientNumber * 100 + j));
                        default -> assertThat(rows(call(client, "list_columns", "table", "orders"))).hasSize(9);
                    }
                }
                return checked;
            }));
        }
        int total = 0;
        for (Future<Integer> outcome : outcomes) {
            total += outcome.get(120, TimeUnit.SECONDS);
        }
        assertThat(total).isEqualTo(CLIENTS * QUERIES_PER_CLIENT);
    }

    @Test
    void aLongQueryDoesNotHoldUpShortQueriesOfOtherClients() throws Exception {
        McpSyncClient slowClient = clients.get(0);
        CompletableFuture<List<List<Object>>> slow = CompletableFuture.supplyAsync(
                () -> rows(query(slowClient, SLOW_QUERY)), threads);
        Thread.sleep(700);
        assertThat(slow).as("the long query should still be running").isNotDone();

        List<Future<Duration>> shorts = new ArrayList<>();
        for (int i = 1; i < 9; i++) {
            McpSyncClient client = clients.get(i);
            int n = i;
            shorts.add(threads.submit(() -> {
                long start = System.nanoTime();
                for (int j = 0; j < 3; j++) {
                    assertThat(rows(query(client, "SELECT " + n + " * " + j + " AS p")))
                            .containsExactly(List.of(n * j));
                }
                return Duration.ofNanos(System.nanoTime() - start);
            }));
        }
        for (Future<Duration> timing : shorts) {
            assertThat(timing.get(30, TimeUnit.SECONDS)).isLessThan(Duration.ofSeconds(3));
        }
        assertThat(slow).as("short queries finished while the long one ran").isNotDone();
        assertThat(slow.get(60, TimeUnit.SECONDS)).containsExactly(List.of(27_000_000 * 32));
    }
}
