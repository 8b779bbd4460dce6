package dev.mallard.tools;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class QueryResultViewTest {
    @Test
    void numbersGetThousandsSeparatorsFromOneThousandUp() {
        assertThat(QueryResultView.format(0)).isEqualTo("0");
        assertThat(QueryResultView.format(999)).isEqualTo("999");
        assertThat(QueryResultView.format(1_000)).isEqualTo("1,000");
        assertThat(QueryResultView.format(1_234_567)).isEqualTo("1,234,567");
        assertThat(QueryResultView.format(-999)).isEqualTo("-999");
        assertThat(QueryResultView.format(-1_000)).isEqualTo("-1,000");
        assertThat(QueryResultView.format(Long.MAX_VALUE)).isEqualTo("9,223,372,036,854,775,807");
    }

    @Test
    void countsNameTheirNounInTheRightNumber() {
        assertThat(QueryResultView.count(1, "row")).isEqualTo("1 row");
        assertThat(QueryResultView.count(0, "row")).isEqualTo("0 rows");
        assertThat(QueryResultView.count(12_000, "row")).isEqualTo("12,000 rows");
    }
}
