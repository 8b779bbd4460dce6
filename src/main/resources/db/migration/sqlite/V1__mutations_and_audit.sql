-- Mallard's own state (the control plane), kept apart from the users' DuckDB files.
-- Times are epoch milliseconds, so the same schema works on SQLite and PostgreSQL.

CREATE TABLE pending_mutation (
    id            TEXT PRIMARY KEY,
    principal     TEXT    NOT NULL,
    database_name TEXT    NOT NULL,
    sql_text      TEXT    NOT NULL,
    preview       TEXT    NOT NULL,
    plan          TEXT    NOT NULL,
    status        TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    expires_at    BIGINT  NOT NULL,
    decided_at    BIGINT,
    outcome       TEXT
);

CREATE INDEX pending_mutation_status_expiry ON pending_mutation (status, expires_at);

CREATE TABLE audit_entry (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    occurred_at    BIGINT  NOT NULL,
    principal      TEXT    NOT NULL,
    client_name    TEXT,
    client_version TEXT,
    session_id     TEXT,
    tool           TEXT    NOT NULL,
    database_name  TEXT,
    sql_text       TEXT,
    mutation_id    TEXT,
    outcome        TEXT    NOT NULL,
    rows_returned  BIGINT,
    bytes_returned BIGINT,
    duration_ms    BIGINT  NOT NULL,
    error_text     TEXT
);

CREATE INDEX audit_entry_time ON audit_entry (occurred_at);
CREATE INDEX audit_entry_tool_time ON audit_entry (tool, occurred_at);
CREATE INDEX audit_entry_principal_time ON audit_entry (principal, occurred_at);
