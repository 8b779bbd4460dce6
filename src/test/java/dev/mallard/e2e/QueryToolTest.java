package dev.mallard.e2e;

import static dev.mallard.testing.ToolCalls.error;
import static dev.mallard.testing.ToolCalls.query;
import static dev.mallard.testing.ToolCalls.rows;
import static dev.mallard.testing.ToolCalls.structured;
import static org.assertj.core.api.Assertions.assertThat;

import dev.mallard.testing.TestMallard;
import io.modelcontextprotocol.client.McpSyncClient;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class QueryToolTest {
    private static TestMallard server;
    private static McpSyncClient client;

    @BeforeAll
    static void start() {
        server = TestMallard.demo();
        client = server.client();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void selectReturnsColumnsRowsAndCounts() {
        var result = query(client, "SELECT 42 AS answer, 'duck' AS name");
        Map<String, Object> content = structured(result);
        assertThat(content.get("columns")).isEqualTo(List.of(Map.of("name", "answer", "type", "INTEGER"),
                Map.of("name", "name", "type", "VARCHAR")));
        assertThat(rows(result)).containsExactly(List.of(42, "duck"));
        assertThat(content).containsEntry("row_count", 1).containsEntry("truncated", false)
                .containsEntry("total_rows", 1);
    }

    @Test
    void deleteIsRefusedOnAReadOnlyServer() {
        assertThat(error(query(client, "DELETE FROM orders"))).contains("read-only");
    }
}
