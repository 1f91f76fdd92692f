-- 1,010,000 events: 125,000 containers × 8 lifecycle events (200 users, 50 hosts, 500 images),
-- 5,000 commit requests and their commit reports. Hashes are dummies: this is about the plan.
\timing on
INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, recorded_at, hash)
SELECT gen_random_uuid(), 'container-c' || c, v,
  (ARRAY['container.created','container.scheduled','container.start-requested','container.prepared',
         'container.started','container.stop-requested','container.stopped','container.removed'])[v], 1,
  CASE v WHEN 1 THEN jsonb_build_object('containerId','c'||c,'name','n'||c,'image', 'img' || (c % 500) || ':latest',
                         'imageId','sha256:' || lpad(to_hex(c % 500), 64, '0'), 'dangerousOptions', '[]'::jsonb)
         ELSE jsonb_build_object('containerId','c'||c,'hostId','h' || (c % 50)) END,
  jsonb_build_object('actor', CASE WHEN v IN (1,3,6) THEN 'user' || (c % 200) ELSE 'agent:h' || (c % 50) END, 'source','rest',
                     'commandId', 'cmd-' || c || '-' || v),
  timestamptz '2026-01-01' + (c * interval '20 seconds') + v * interval '1 second', '\x00'
FROM generate_series(1, 125000) c, generate_series(1, 8) v;
-- commits: 5000 containers get a commit request and the host's commit report
INSERT INTO events (event_id, stream_id, stream_version, event_type, schema_version, data, metadata, recorded_at, hash)
SELECT gen_random_uuid(), 'container-c' || c, 8 + v, CASE v WHEN 1 THEN 'container.commit-requested' ELSE 'container.committed' END, 1,
  jsonb_build_object('containerId','c'||c,'hostId','h' || (c % 50),'imageId','sha256:' || lpad(to_hex(100000 + c), 64, '0'),
                     'reference','docker.io/team/app' || c || ':latest','parentImageId','sha256:' || lpad(to_hex(c % 500), 64, '0')),
  CASE v WHEN 1 THEN jsonb_build_object('actor','user' || (c % 200),'source','rest','commandId','commit-' || c)
         ELSE jsonb_build_object('actor','agent:h' || (c % 50),'source','agent','causationId','commit-' || c) END,
  timestamptz '2026-01-01' + (c * interval '20 seconds') + (8 + v) * interval '1 second', '\x00'
FROM generate_series(1, 125000, 25) c, generate_series(1, 2) v;
ANALYZE events;
SELECT count(*) FROM events;
