package dev.mallard.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DatabaseGrantsTest {
    @Test
    void grantsCompareDatabaseNamesWithoutCase() {
        DatabaseGrants grants = new DatabaseGrants(Map.of("Sales", Access.READ));
        assertThat(grants.canRead("sales")).isTrue();
        assertThat(grants.allows("SALES", Access.WRITE)).isFalse();
        assertThat(grants.canRead("hr")).isFalse();
        assertThat(grants.coversAll()).isFalse();
    }

    @Test
    void theWildcardCoversEveryDatabaseAndTheStrongerGrantWins() {
        DatabaseGrants grants = new DatabaseGrants(Map.of("*", Access.READ, "sales", Access.WRITE));
        assertThat(grants.coversAll()).isTrue();
        assertThat(grants.canRead("anything")).isTrue();
        assertThat(grants.allows("anything", Access.WRITE)).isFalse();
        assertThat(grants.allows("sales", Access.WRITE)).isTrue();
    }

    @Test
    void nothingAllowsNothing() {
        assertThat(DatabaseGrants.NOTHING.canRead("sales")).isFalse();
        assertThat(DatabaseGrants.EVERYTHING.allows("sales", Access.WRITE)).isTrue();
    }
}
