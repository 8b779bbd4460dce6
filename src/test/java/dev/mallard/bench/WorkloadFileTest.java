package dev.mallard.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.mallard.error.MallardException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WorkloadFileTest {

    @Test
    void aParameterHasOneValuePerCallInTheArgumentsTheEngineSqlAndTheCheck() {
        Workload workload = WorkloadFile.parse("""
                entries:
                  - tool: query
                    params: { id: "int:5:9" }
                    arguments: { sql: "SELECT ${id}", max_rows: "${id}" }
                    check: { equals: { /rows/0/0: "${id}" }, same_as: "SELECT ${id} + 0" }
                """, "inline.yaml");

        for (int i = 0; i < 50; i++) {
            WorkloadCall call = workload.draw(new SplittableRandom(i));
            Object id = call.arguments().get("max_rows");
            assertThat(id).isInstanceOf(Long.class);
            assertThat((Long) id).isBetween(5L, 9L);
            assertThat(call.arguments().get("sql")).isEqualTo("SELECT " + id);
            assertThat(call.engineSql()).containsExactly("SELECT " + id);
            assertThat(call.expected().equals()).containsEntry("/rows/0/0", id);
            assertThat(call.expected().sameAsSql()).isEqualTo("SELECT " + id + " + 0");
        }
    }

    @Test
    void entriesAreDrawnByWeightAndPicksComeFromTheirList() {
        Workload workload = WorkloadFile.parse("""
                name: mix
                entries:
                  - { name: often, weight: 9, tool: query, arguments: { sql: "SELECT '${pick:a|b}'" } }
                  - { name: rarely, tool: list_tables, engine_sql: "FROM duckdb_tables()" }
                """, "mix.yaml");
        SplittableRandom random = new SplittableRandom(7);
        int often = 0;
        for (int i = 0; i < 1000; i++) {
            WorkloadCall call = workload.draw(random);
            if (call.entry().name().equals("often")) {
                often++;
                assertThat(call.arguments().get("sql")).isIn("SELECT 'a'", "SELECT 'b'");
            } else {
                assertThat(call.engineSql()).containsExactly("FROM duckdb_tables()");
            }
        }

        assertThat(workload.name()).isEqualTo("mix");
        assertThat(often).isBetween(850, 950);
    }

    @Test
    void checksCompareNumbersByValueAndFindValuesByJsonPointer() {
        AnswerCheck.Expected expected = new AnswerCheck.Expected(1, Map.of("/rows/0/1", new BigDecimal("40.470")),
                null, null);
        Map<String, Object> right = Map.of("rows", List.of(List.of(7, 40.47)));
        Map<String, Object> wrong = Map.of("rows", List.of(List.of(7, 40.48)));

        assertThat(expected.mismatch(right)).isNull();
        assertThat(expected.mismatch(wrong)).isEqualTo("/rows/0/1: expected 40.470, got 40.48");
        assertThat(expected.mismatch(Map.of("rows", List.of()))).isEqualTo("expected 1 rows, got 0");
    }

    @Test
    void shippedWorkloadsParse() {
        assertThat(WorkloadFile.read(Path.of("bench/workloads/agentic.yaml")).entries()).hasSize(7);
        assertThat(WorkloadFile.read(Path.of("bench/workloads/light.yaml")).entries()).hasSize(7);
        assertThat(WorkloadFile.read(Path.of("bench/workloads/select42.yaml")).entries()).hasSize(1);
    }

    @Test
    void mistakesNameTheEntryAndTheFix() {
        assertThatThrownBy(() -> WorkloadFile.parse("entries:\n  - { name: tables, tool: list_tables }", "w.yaml"))
                .isInstanceOf(MallardException.class)
                .hasMessageContaining("w.yaml, entry 1 ('tables'): give 'engine_sql'");
        assertThatThrownBy(() -> WorkloadFile.parse("entries:\n  - { tool: query, arguments: { sql: x }, wieght: 2 }",
                "w.yaml"))
                .hasMessageContaining("entry 1: unknown entry key 'wieght'");
        assertThatThrownBy(() -> WorkloadFile.parse("entries:\n  - { tool: query, params: { id: 'int:9:1' } }", "w.yaml"))
                .hasMessageContaining("'int:9:1' is not a parameter: write int:MIN:MAX");
        assertThatThrownBy(() -> WorkloadFile.parse("entries: []", "w.yaml"))
                .hasMessageContaining("non-empty list 'entries'");
    }
}
