-- The append-only event log: the source of truth and the outbox the Kafka relay tails.
-- See control-plane/docs/event-store.md.
CREATE TABLE events (
    position        BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    -- The writing transaction: followers read below pg_snapshot_xmin so a transaction that
    -- commits late (with a smaller position) is never skipped.
    tx_id           XID8        NOT NULL DEFAULT pg_current_xact_id(),
    event_id        UUID        NOT NULL UNIQUE,
    stream_id       TEXT        NOT NULL,
    stream_version  BIGINT      NOT NULL CHECK (stream_version >= 1),
    event_type      TEXT        NOT NULL,
    schema_version  INT         NOT NULL,
    data            JSONB       NOT NULL,
    metadata        JSONB       NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL,
    -- sha256(canonical content || hash of the previous event in the stream): tamper evidence.
    hash            BYTEA       NOT NULL,
    CONSTRAINT events_stream_version_unique UNIQUE (stream_id, stream_version)
);

CREATE INDEX events_tx_position ON events (tx_id, position);
CREATE INDEX events_recorded_at ON events (recorded_at);

-- Append-only: ordinary writers may insert, never update or delete. (A superuser can still
-- disable the trigger; the hash chain and checkpoints are what catch that.)
CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'events are append-only (% refused)', TG_OP USING ERRCODE = 'insufficient_privilege';
END $$;
CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
    FOR EACH ROW EXECUTE FUNCTION events_append_only();
CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events
    FOR EACH STATEMENT EXECUTE FUNCTION events_append_only();

-- Commands already applied, written in the same transaction as their events, so a retried
-- command id returns the earlier result instead of appending again.
CREATE TABLE applied_commands (
    command_id     TEXT        PRIMARY KEY,
    stream_id      TEXT        NOT NULL,
    first_version  BIGINT      NOT NULL,
    last_version   BIGINT      NOT NULL,
    applied_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Where each follower of the log (projections, the Kafka relay) has got to, as the
-- (tx_id, position) pair of the last event it handled.
CREATE TABLE subscription_checkpoints (
    name        TEXT        PRIMARY KEY,
    tx_id       XID8        NOT NULL DEFAULT '0',
    position    BIGINT      NOT NULL DEFAULT 0,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Global tamper evidence: a running hash over the log in (tx_id, position) order, sealed
-- periodically below the xmin horizon. Each row covers the events after the previous row's
-- cursor up to and including its own.
CREATE TABLE log_checkpoints (
    seq           BIGINT      PRIMARY KEY,
    tx_id         XID8        NOT NULL,
    position      BIGINT      NOT NULL,
    event_count   BIGINT      NOT NULL,
    running_hash  BYTEA       NOT NULL,
    sealed_at     TIMESTAMPTZ NOT NULL DEFAULT now()
);
