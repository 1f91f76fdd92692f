-- Read model of the hosts projection: one row per host that is registered and not removed.
-- Rebuilt from the event log at will; never the source of truth.
CREATE TABLE host_view (
    host_id         TEXT   PRIMARY KEY,
    stream_version  BIGINT NOT NULL,
    view            JSONB  NOT NULL
);
