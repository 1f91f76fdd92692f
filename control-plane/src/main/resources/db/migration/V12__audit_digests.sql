-- Audit queries, continued (V11__audit_indexes.sql has the rest).

-- Who ran an image named by its manifest digest: the image ids a digest was imported or
-- committed as.
CREATE INDEX events_image_manifest_digest ON events ((data ->> 'manifestDigest'))
    WHERE event_type IN ('image.imported', 'image.committed');

-- A commit finds the request it answers within its own container stream (the stream key), so
-- the command-id index of V11 is not used.
DROP INDEX events_command_id;
