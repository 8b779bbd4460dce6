-- Users, their grants on databases, and API keys. Secrets are stored only as hashes:
-- passwords with Argon2id, API keys (256 random bits) with SHA-256.

CREATE TABLE app_user (
    name          TEXT PRIMARY KEY,
    password_hash TEXT,
    is_admin      BOOLEAN NOT NULL,
    created_at    BIGINT  NOT NULL
);

CREATE TABLE database_grant (
    user_name     TEXT NOT NULL REFERENCES app_user (name) ON DELETE CASCADE,
    database_name TEXT NOT NULL,
    access        TEXT NOT NULL,
    granted_at    BIGINT NOT NULL,
    PRIMARY KEY (user_name, database_name)
);

CREATE TABLE api_key (
    id           TEXT PRIMARY KEY,
    user_name    TEXT   NOT NULL REFERENCES app_user (name) ON DELETE CASCADE,
    name         TEXT   NOT NULL,
    secret_hash  TEXT   NOT NULL UNIQUE,
    scopes       TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT,
    revoked_at   BIGINT,
    last_used_at BIGINT
);

CREATE INDEX api_key_user ON api_key (user_name);

-- The OAuth client a call came through, beside the principal.
ALTER TABLE audit_entry ADD COLUMN client_id TEXT;
