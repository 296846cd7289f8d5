-- A run's detail (docs/web-view.md): changes per operation and collection ("counts", an object keyed
-- "operation/collection") and its refused and conflicting changes ("items", at most 100). The merge of a run's
-- parts keeps the rules of V2 and adds these as HubRun.plus does: counts add up per key, items append in
-- arrival order up to the cap.
CREATE OR REPLACE FUNCTION outpost_merge_run(old json, part json) RETURNS json LANGUAGE sql IMMUTABLE AS $$
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
    'error', CASE WHEN COALESCE(part->>'error', '') = '' THEN COALESCE(old->>'error', '') ELSE part->>'error' END,
    'counts', (SELECT COALESCE(json_object_agg(k, n ORDER BY k), '{}'::json) FROM (
        SELECT k, SUM(v::bigint) AS n FROM (
          SELECT key AS k, value AS v FROM json_each_text(COALESCE(old->'counts', '{}'::json))
          UNION ALL
          SELECT key, value FROM json_each_text(COALESCE(part->'counts', '{}'::json))) AS both_counts
        GROUP BY k) AS summed),
    'items', (SELECT COALESCE(json_agg(i ORDER BY src, o), '[]'::json) FROM (
        SELECT i, src, o FROM (
          SELECT value AS i, 0 AS src, ordinality AS o
            FROM json_array_elements(COALESCE(old->'items', '[]'::json)) WITH ORDINALITY
          UNION ALL
          SELECT value, 1, ordinality FROM json_array_elements(COALESCE(part->'items', '[]'::json)) WITH ORDINALITY
        ) AS both_items ORDER BY src, o LIMIT 100) AS kept))
$$;

-- The latest fleet report of each site (docs/protocol.md, FleetReport): what the edge said about itself at its
-- last sync. One row per site, replaced by each report.
CREATE TABLE site_reports (
  site        text   PRIMARY KEY,
  received_at bigint NOT NULL,
  json        json   NOT NULL
);
