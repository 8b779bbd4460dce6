-- Sources: data registered by name and served as a catalog of tables (issue 6). kind is 'api' for
-- an HTTP JSON API synced into Parquet; file and DuckDB-file kinds use the same row with their own
-- spec. spec is JSON (for 'api': base URL, auth header name, endpoints). The secret an API's auth
-- header carries lives in source_secret, apart from the spec, so listing sources never reads it;
-- like oauth_signing_key, that table is as sensitive as the credential itself.
-- every_ms / stale_after_ms: the sync schedule and freshness threshold (NULL: none). The last_*
-- columns record the latest sync attempt; table_rows is JSON {"table": rows} of the current version.
-- Times are epoch milliseconds.

CREATE TABLE source (
    name            TEXT PRIMARY KEY,
    kind            TEXT   NOT NULL,
    spec            TEXT   NOT NULL,
    every_ms        BIGINT,
    stale_after_ms  BIGINT,
    created_by      TEXT   NOT NULL,
    created_at      BIGINT NOT NULL,
    last_attempt_at BIGINT,
    last_success_at BIGINT,
    last_error      TEXT,
    version         TEXT,
    table_rows      TEXT
);

CREATE TABLE source_secret (
    source_name TEXT PRIMARY KEY REFERENCES source (name) ON DELETE CASCADE,
    secret      TEXT NOT NULL
);
