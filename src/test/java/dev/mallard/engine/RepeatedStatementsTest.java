package dev.mallard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RepeatedStatementsTest {
    private final RepeatedStatements repeated = new RepeatedStatements(4_096);

    @Test
    void aTextIsWorthKeepingFromItsSecondRunOn() {
        assertThat(repeated.cameAgain("SELECT 42")).isFalse();
        assertThat(repeated.cameAgain("SELECT 43")).isFalse();
        assertThat(repeated.cameAgain("SELECT 42")).isTrue();
        assertThat(repeated.cameAgain("SELECT 42")).isTrue();
        assertThat(repeated.cameAgain("select 42")).isFalse();
    }

    @Test
    void textsWithParameterMarksOrVeryLongOnesAlwaysRunDirectly() {
        String[] direct = {"SELECT ? AS x", "SELECT $1 AS x", "SELECT $$dollar$$ AS x",
                "SELECT '" + "x".repeat(RepeatedStatements.KEEPABLE_LENGTH) + "'"};
        for (String sql : direct) {
            assertThat(repeated.cameAgain(sql)).isFalse();
            assertThat(repeated.cameAgain(sql)).as(sql).isFalse();
        }
    }

    @Test
    void onlyTheLatestTextsAreRemembered() {
        assertThat(repeated.cameAgain("SELECT 'first'")).isFalse();
        for (int i = 0; i < 5_000; i++) {
            repeated.cameAgain("SELECT " + i);
        }
        assertThat(repeated.cameAgain("SELECT 'first'")).isFalse();
        assertThat(repeated.cameAgain("SELECT 4999")).isTrue();
    }

    @Test
    void aTextIsKeptOnlyIfItCameAgainWithinAsManyTextsAsTheConnectionsKeep() {
        RepeatedStatements window = new RepeatedStatements(3);
        window.cameAgain("SELECT 1");
        window.cameAgain("SELECT 2");
        window.cameAgain("SELECT 3");
        assertThat(window.cameAgain("SELECT 1")).isTrue();
        window.cameAgain("SELECT 4");
        window.cameAgain("SELECT 5");
        window.cameAgain("SELECT 6");
        assertThat(window.cameAgain("SELECT 2")).isFalse();
    }
}
