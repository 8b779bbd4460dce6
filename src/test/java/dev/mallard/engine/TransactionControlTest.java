package dev.mallard.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TransactionControlTest {
    @Test
    void findsTransactionKeywordsThatStartAStatement() {
        assertThat(TransactionControl.find("BEGIN; INSERT INTO t VALUES (1); COMMIT;")).contains("BEGIN");
        assertThat(TransactionControl.find("INSERT INTO t VALUES (1); commit")).contains("COMMIT");
        assertThat(TransactionControl.find("INSERT INTO t VALUES (1);\n  -- undo\n  RollBack;")).contains("ROLLBACK");
        assertThat(TransactionControl.find("start transaction; select 1")).contains("START");
        assertThat(TransactionControl.find("DELETE FROM t; /* done */ END")).contains("END");
        assertThat(TransactionControl.find("abort")).contains("ABORT");
    }

    @Test
    void ignoresTheWordsElsewhere() {
        assertThat(TransactionControl.find("INSERT INTO t VALUES ('x; commit')")).isEmpty();
        assertThat(TransactionControl.find("INSERT INTO t VALUES ('it''s; rollback')")).isEmpty();
        assertThat(TransactionControl.find("CREATE TABLE \"x; commit\" (i INTEGER)")).isEmpty();
        assertThat(TransactionControl.find("SELECT 1 -- ; commit\n")).isEmpty();
        assertThat(TransactionControl.find("SELECT 1 /* ; commit */")).isEmpty();
        assertThat(TransactionControl.find("SELECT $$; commit$$")).isEmpty();
        assertThat(TransactionControl.find("SELECT $q$; commit$q$")).isEmpty();
        assertThat(TransactionControl.find("UPDATE t SET state = 'x' WHERE commit_id = 1; SELECT begin_at FROM t")).isEmpty();
        assertThat(TransactionControl.find("SELECT CASE WHEN a THEN 1 END FROM t")).isEmpty();
        assertThat(TransactionControl.find("CREATE TABLE commits (id INTEGER); INSERT INTO commits VALUES (1)")).isEmpty();
        assertThat(TransactionControl.find("")).isEmpty();
    }
}
