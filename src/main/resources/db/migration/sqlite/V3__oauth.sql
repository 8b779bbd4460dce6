-- Mallard's OAuth 2.1 authorization server. Codes, refresh tokens and browser session ids are
-- stored only as SHA-256 hashes (each is 256 random bits); client secrets likewise.
-- Times are epoch milliseconds.

CREATE TABLE oauth_client (
    client_id                  TEXT PRIMARY KEY,
    secret_hash                TEXT,
    client_name                TEXT,
    redirect_uris              TEXT   NOT NULL,
    grant_types                TEXT   NOT NULL,
    token_endpoint_auth_method TEXT   NOT NULL,
    application_type           TEXT   NOT NULL,
    created_at                 BIGINT NOT NULL
);

CREATE TABLE oauth_authorization_code (
    code_hash          TEXT PRIMARY KEY,
    client_id          TEXT    NOT NULL,
    user_name          TEXT    NOT NULL,
    redirect_uri       TEXT    NOT NULL,
    redirect_uri_given BOOLEAN NOT NULL,
    scopes             TEXT    NOT NULL,
    code_challenge     TEXT    NOT NULL,
    grant_id           TEXT    NOT NULL,
    created_at         BIGINT  NOT NULL,
    expires_at         BIGINT  NOT NULL,
    used_at            BIGINT
);

CREATE INDEX oauth_authorization_code_expiry ON oauth_authorization_code (expires_at);

-- One row per refresh token; a grant (family) is every token rotated from one authorization code.
CREATE TABLE oauth_refresh_token (
    token_hash TEXT PRIMARY KEY,
    grant_id   TEXT   NOT NULL,
    client_id  TEXT   NOT NULL,
    user_name  TEXT   NOT NULL,
    scopes     TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    revoked_at BIGINT
);

CREATE INDEX oauth_refresh_token_grant ON oauth_refresh_token (grant_id);
CREATE INDEX oauth_refresh_token_user_client ON oauth_refresh_token (user_name, client_id);
CREATE INDEX oauth_refresh_token_expiry ON oauth_refresh_token (expires_at);

CREATE TABLE oauth_consent (
    user_name  TEXT   NOT NULL,
    client_id  TEXT   NOT NULL,
    scopes     TEXT   NOT NULL,
    granted_at BIGINT NOT NULL,
    PRIMARY KEY (user_name, client_id)
);

-- The keys access tokens are signed with, as JWK JSON (private part included: this table is as
-- sensitive as a TLS key). The newest key without retired_at signs; retired keys stay published
-- until the tokens they signed have expired.
CREATE TABLE oauth_signing_key (
    key_id     TEXT PRIMARY KEY,
    jwk        TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    retired_at BIGINT
);

-- Revoked access token ids (jti) and grant ids, kept until every token they cover has expired.
CREATE TABLE oauth_revoked_token (
    token_id   TEXT PRIMARY KEY,
    expires_at BIGINT NOT NULL
);

CREATE TABLE oauth_browser_session (
    id_hash    TEXT PRIMARY KEY,
    user_name  TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX oauth_browser_session_expiry ON oauth_browser_session (expires_at);
