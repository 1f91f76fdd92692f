-- The SQL AuditQueries and AuditEvents send (parameters inlined), against the seeded log.
\set ON_ERROR_STOP on
\echo runs of one image, by name (any spelling)
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT e.position, e.stream_id, e.data ->> 'image',
 (SELECT s.data ->> 'hostId' FROM events s WHERE s.stream_id = e.stream_id AND s.stream_version = e.stream_version + 1
   AND s.event_type = 'container.scheduled') AS host_id
 FROM events e WHERE e.event_type = 'container.created'
 AND e.data ->> 'image' = ANY('{img7:latest,docker.io/library/img7:latest,img7}') ORDER BY e.position DESC LIMIT 200;
\echo runs of one image, by id (the manifest digest resolved to image ids first)
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT DISTINCT data ->> 'imageId' FROM events
 WHERE event_type IN ('image.imported', 'image.committed')
 AND data ->> 'manifestDigest' = 'sha256:0000000000000000000000000000000000000000000000000000000000000007';
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT e.position FROM events e WHERE e.event_type = 'container.created'
 AND e.data ->> 'imageId' = ANY('{sha256:0000000000000000000000000000000000000000000000000000000000000007}')
 ORDER BY e.position DESC LIMIT 200;
\echo runs by one user
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT e.position FROM events e WHERE e.event_type = 'container.created'
 AND e.metadata ->> 'actor' = 'user7' ORDER BY e.position DESC LIMIT 200;
\echo commits asked by one user
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT c.position, r.metadata ->> 'actor', o.data ->> 'image' FROM events c
 LEFT JOIN events o ON o.stream_id = c.stream_id AND o.stream_version = 1
 LEFT JOIN LATERAL (SELECT q.metadata, q.stream_version, q.hash FROM events q WHERE q.stream_id = c.stream_id
   AND q.stream_version < c.stream_version AND q.event_type = 'container.commit-requested'
   ORDER BY (q.metadata ->> 'commandId' = c.metadata ->> 'causationId') DESC NULLS LAST, q.stream_version DESC LIMIT 1) r ON TRUE
 WHERE c.event_type = 'container.committed' AND r.metadata ->> 'actor' = 'user26'
 AND c.stream_id IN (SELECT a.stream_id FROM events a WHERE a.metadata ->> 'actor' = 'user26'
   AND a.event_type = 'container.commit-requested')
 ORDER BY c.position DESC LIMIT 200;
\echo every commit, newest page
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT c.position, r.metadata ->> 'actor' FROM events c
 LEFT JOIN events o ON o.stream_id = c.stream_id AND o.stream_version = 1
 LEFT JOIN LATERAL (SELECT q.metadata FROM events q WHERE q.stream_id = c.stream_id
   AND q.stream_version < c.stream_version AND q.event_type = 'container.commit-requested'
   ORDER BY (q.metadata ->> 'commandId' = c.metadata ->> 'causationId') DESC NULLS LAST, q.stream_version DESC LIMIT 1) r ON TRUE
 WHERE c.event_type = 'container.committed' ORDER BY c.position DESC LIMIT 200;
\echo what one user did in a day
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT position FROM events WHERE metadata ->> 'actor' = 'user7'
 AND recorded_at >= '2026-01-10' AND recorded_at < '2026-01-11' ORDER BY position DESC LIMIT 200;
\echo what touched one host
EXPLAIN (ANALYZE, COSTS OFF, SUMMARY ON) SELECT position FROM events WHERE (data ->> 'hostId' = 'h7'
 OR stream_id = 'host-' || 'h7') ORDER BY position DESC LIMIT 200;
