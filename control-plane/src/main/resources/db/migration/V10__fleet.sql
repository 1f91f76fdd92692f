-- Read models of the fleet (see control-plane/docs/fleet.md). Rebuilt from the log at will;
-- never the source of truth. Numbered apart from the event store's migrations.

-- One row per container that is not removed.
CREATE TABLE container_view (
    container_id    TEXT        PRIMARY KEY,
    name            TEXT        NOT NULL,
    host_id         TEXT,
    state           TEXT        NOT NULL,
    image           TEXT        NOT NULL,
    memory_bytes    BIGINT      NOT NULL DEFAULT 0,
    labels          JSONB       NOT NULL DEFAULT '{}',
    stream_version  BIGINT      NOT NULL,
    view            JSONB       NOT NULL
);
CREATE INDEX container_view_host ON container_view (host_id, state);
CREATE INDEX container_view_name ON container_view (name);

-- One row per image per host that holds it.
CREATE TABLE image_view (
    image_id        TEXT        NOT NULL,
    host_id         TEXT        NOT NULL,
    manifest_digest TEXT,
    refs            TEXT[]      NOT NULL DEFAULT '{}',
    size_bytes      BIGINT      NOT NULL DEFAULT 0,
    parent_image_id TEXT,
    created_by      TEXT,
    container_id    TEXT,
    author          TEXT,
    comment         TEXT,
    position        BIGINT      NOT NULL,
    recorded_at     TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (image_id, host_id)
);
CREATE INDEX image_view_refs ON image_view USING gin (refs);

-- Reconcile asks "which containers were scheduled on host X": without this a full scan.
CREATE INDEX events_container_scheduled_host ON events ((data ->> 'hostId'))
    WHERE event_type = 'container.scheduled';
