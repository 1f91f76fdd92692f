-- Indexes for the audit queries under /api/v1/audit (see control-plane/docs/identity.md,
-- "Audit queries"): each one lets a query on a large log read only the events it returns.

-- Everything a user did between two times: actor, then time.
CREATE INDEX events_actor_recorded_at ON events ((metadata ->> 'actor'), recorded_at);

-- Everything that touched a host: events whose data names it (its own stream is found by the
-- (stream_id, stream_version) key).
CREATE INDEX events_host_position ON events ((data ->> 'hostId'), position);

-- Who ran which image: runs by the reference the user gave and by the image id it resolved to.
CREATE INDEX events_run_image ON events ((data ->> 'image'), position)
    WHERE event_type = 'container.created';
CREATE INDEX events_run_image_id ON events ((data ->> 'imageId'), position)
    WHERE event_type = 'container.created';

-- Who committed what: every commit, newest first, and the request each answers (its causation
-- is the request's command id).
CREATE INDEX events_commits ON events (position) WHERE event_type = 'container.committed';
CREATE INDEX events_command_id ON events ((metadata ->> 'commandId'))
    WHERE event_type = 'container.commit-requested';
