-- Exactly-once by content (issue 18): the digest of every site change the hub processed, keyed by its
-- (site, origin_seq), so that a re-send under a used number is a DUPLICATE only when it is the same change.
-- A different change under a used number comes from another device sending as the site (a cloned data
-- folder, a restored backup) and is refused with ORIGIN_REUSED instead of being swallowed.
CREATE TABLE origin_digests (
  site       text   NOT NULL,
  origin_seq bigint NOT NULL,
  digest     bigint NOT NULL,
  PRIMARY KEY (site, origin_seq)
);

-- Sites that pushed before digests were kept: numbers below since were processed without one, and a
-- re-send of them can only be answered DUPLICATE. A site absent here has a digest for every number.
CREATE TABLE origin_digests_since (
  site  text   PRIMARY KEY,
  since bigint NOT NULL
);
INSERT INTO origin_digests_since (site, since) SELECT id, last_seq + 1 FROM sites WHERE last_seq > 0;

-- A run's push and pull parts may end on different hub replicas at the same instant: each part is added
-- to the stored run in one statement (INSERT ... ON CONFLICT DO UPDATE SET json = outpost_merge_run(...)),
-- which PostgreSQL runs under the row's lock, so no part's counts are lost. The rules are those of
-- HubRun.merge: counts add up, the earliest start and latest finish win, the worse status wins, and the
-- newer part's error wins when it has one.
CREATE FUNCTION outpost_run_rank(status text) RETURNS int LANGUAGE sql IMMUTABLE AS $$
  SELECT CASE status WHEN 'FAILED' THEN 3 WHEN 'PARTIAL' THEN 2 WHEN 'COMPLETE' THEN 1 ELSE 0 END
$$;

CREATE FUNCTION outpost_merge_run(old json, part json) RETURNS json LANGUAGE sql IMMUTABLE AS $$
  SELECT json_build_object(
    'id', part->>'id',
    'site', part->>'site',
    'startedAt', LEAST((old->>'startedAt')::bigint, (part->>'startedAt')::bigint),
    'finishedAt', GREATEST((old->>'finishedAt')::bigint, (part->>'finishedAt')::bigint),
    'status', CASE WHEN outpost_run_rank(old->>'status') >= outpost_run_rank(part->>'status')
                   THEN old->>'status' ELSE part->>'status' END,
    'pushed', COALESCE((old->>'pushed')::bigint, 0) + COALESCE((part->>'pushed')::bigint, 0),
    'applied', COALESCE((old->>'applied')::bigint, 0) + COALESCE((part->>'applied')::bigint, 0),
    'conflicts', COALESCE((old->>'conflicts')::bigint, 0) + COALESCE((part->>'conflicts')::bigint, 0),
    'rejected', COALESCE((old->>'rejected')::bigint, 0) + COALESCE((part->>'rejected')::bigint, 0),
    'duplicates', COALESCE((old->>'duplicates')::bigint, 0) + COALESCE((part->>'duplicates')::bigint, 0),
    'pulled', COALESCE((old->>'pulled')::bigint, 0) + COALESCE((part->>'pulled')::bigint, 0),
    'error', CASE WHEN COALESCE(part->>'error', '') = '' THEN COALESCE(old->>'error', '') ELSE part->>'error' END)
$$;
