package dev.mallard.e2e;

import dev.mallard.testing.TestData;
import java.nio.file.Path;

/**
 * A small second database served next to the demo: a commented table whose columns invite notes
 * (dates as text, epoch milliseconds, few values, JSON), a view, and the same table name in two
 * schemas.
 */
final class ExtraDatabase {
    static final String NAME = "extra";

    private ExtraDatabase() {}

    static Path create(Path directory) {
        return TestData.database(directory, "extra.duckdb",
                """
                CREATE TABLE events (
                    event_id    INTEGER NOT NULL,
                    customer_id INTEGER,
                    event_date  VARCHAR,
                    kind        VARCHAR NOT NULL,
                    payload     JSON,
                    recorded_at BIGINT
                )""",
                """
                INSERT INTO events
                SELECT i, i, strftime(DATE '2024-01-01' + i::INTEGER, '%Y-%m-%d'), ['click', 'view', 'purchase'][1 + i % 3],
                       json_object('n', i), 1704067200000 + i * 60000
                FROM range(1, 101) t(i)""",
                "COMMENT ON TABLE events IS 'Clickstream telemetry from the web shop, one row per tracked interaction.'",
                "COMMENT ON COLUMN events.kind IS 'What the visitor did.'",
                "CREATE VIEW recent_events AS SELECT * FROM events WHERE event_id > 90",
                "COMMENT ON VIEW recent_events IS 'The ten latest events.'",
                "CREATE SCHEMA sales",
                "CREATE SCHEMA archive",
                "CREATE TABLE sales.ledger (entry_id INTEGER, amount DECIMAL(10,2))",
                "INSERT INTO sales.ledger VALUES (1, 10.50), (2, 20.00), (3, 30.25)",
                "CREATE TABLE archive.ledger (entry_id INTEGER, amount DECIMAL(10,2), archived_on DATE)",
                "INSERT INTO archive.ledger VALUES (1, 1.00, DATE '2020-01-01'), (2, 2.00, DATE '2020-02-01')");
    }
}
