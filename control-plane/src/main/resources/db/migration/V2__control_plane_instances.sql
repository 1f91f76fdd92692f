-- Every control-plane process records itself at start, so `system info` can show which
-- replicas share this database and since when. State, not events: a restart is not history.
CREATE TABLE control_plane_instances (
    instance_id  UUID        PRIMARY KEY,
    hostname     TEXT        NOT NULL,
    version      TEXT        NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    last_seen_at TIMESTAMPTZ NOT NULL
);
