-- A site confirms how its run ended (ReportRun, docs/protocol.md): the run's "status" becomes the site's, the
-- hub's own stays as "hubStatus", "confirmed" says which one "status" is, and "edge" holds the site's report
-- (status, collections, errorCode, errorMessage). The merge of a run's parts keeps the rules of V2 and V3 (the
-- function of V3 keeps its body under a new name) and adds these as HubRun.plus does: the hub's statuses merge
-- as "status" did, and a confirmation stays when a part lands after it.
ALTER FUNCTION outpost_merge_run(json, json) RENAME TO outpost_merge_run_parts;

CREATE FUNCTION outpost_hub_status(run json) RETURNS text LANGUAGE sql IMMUTABLE AS $$
  SELECT COALESCE(run->>'hubStatus', run->>'status')
$$;

CREATE FUNCTION outpost_merge_run(old json, part json) RETURNS json LANGUAGE sql IMMUTABLE AS $$
  SELECT (merged::jsonb || jsonb_build_object(
      'hubStatus', hub_status,
      'status', CASE WHEN edge IS NULL THEN hub_status ELSE edge->>'status' END,
      'confirmed', edge IS NOT NULL,
      'edge', edge))::json
  FROM (SELECT outpost_merge_run_parts(old, part) AS merged,
          CASE WHEN outpost_run_rank(outpost_hub_status(old)) >= outpost_run_rank(outpost_hub_status(part))
               THEN outpost_hub_status(old) ELSE outpost_hub_status(part) END AS hub_status,
          CASE WHEN json_typeof(part->'edge') = 'object' THEN (part->'edge')::jsonb
               WHEN json_typeof(old->'edge') = 'object' THEN (old->'edge')::jsonb END AS edge) AS m
$$;

CREATE FUNCTION outpost_confirm_run(old json, edge json) RETURNS json LANGUAGE sql IMMUTABLE AS $$
  SELECT (old::jsonb || jsonb_build_object('hubStatus', outpost_hub_status(old), 'status', edge->>'status',
      'confirmed', true, 'edge', edge::jsonb))::json
$$;
