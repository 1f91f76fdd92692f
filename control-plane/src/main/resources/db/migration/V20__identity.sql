-- Identity (see control-plane/docs/identity.md). The user streams in the log are the source of
-- truth for who exists, with which role, and which tokens were issued or revoked; these tables
-- are written in the same transaction as those events, so an authentication check never lags
-- the log (a revoked token stops working at once). Credentials never enter the log: password
-- and token hashes live only here.

CREATE TABLE users (
    username        TEXT        PRIMARY KEY,
    role            TEXT        NOT NULL,
    disabled        BOOLEAN     NOT NULL DEFAULT false,
    password_hash   TEXT,
    stream_version  BIGINT      NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now()
);

CREATE TABLE api_tokens (
    token_id        TEXT        PRIMARY KEY,
    username        TEXT        NOT NULL REFERENCES users (username),
    name            TEXT        NOT NULL,
    secret_sha256   BYTEA       NOT NULL,
    issued_at       TIMESTAMPTZ NOT NULL,
    expires_at      TIMESTAMPTZ NOT NULL,
    revoked_at      TIMESTAMPTZ
);
CREATE INDEX api_tokens_user ON api_tokens (username);

-- Dashboard sessions: short-lived, not events (logging in and out is not a change to the fleet);
-- failed logins are events (login.failed).
CREATE TABLE sessions (
    session_sha256  BYTEA       PRIMARY KEY,
    username        TEXT        NOT NULL REFERENCES users (username),
    csrf_token      TEXT        NOT NULL,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at      TIMESTAMPTZ NOT NULL
);
CREATE INDEX sessions_user ON sessions (username);
