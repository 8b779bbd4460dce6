-- Annotations: what people say about a table or column (a description, a note such as units or an
-- encoding, whether it holds personal data). Kept here, never in the users' DuckDB files.
-- column_name is '' for the table itself (DuckDB has no empty identifiers), so the key has no NULL.
-- Times are epoch milliseconds.

CREATE TABLE annotation (
    database_name TEXT    NOT NULL,
    schema_name   TEXT    NOT NULL,
    table_name    TEXT    NOT NULL,
    column_name   TEXT    NOT NULL,
    description   TEXT,
    note          TEXT,
    pii           BOOLEAN NOT NULL,
    updated_by    TEXT    NOT NULL,
    updated_at    BIGINT  NOT NULL,
    PRIMARY KEY (database_name, schema_name, table_name, column_name)
);
