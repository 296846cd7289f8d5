-- Whether a record's stored value is exactly what its origin site sent under origin_seq (an APPLIED change,
-- not merged with another). That site holds the version once it has the push result, so its pulls leave the
-- record out (PullRequest.acknowledged_seq, docs/protocol.md). Rows written before are not known to be: false.
ALTER TABLE records ADD COLUMN as_sent boolean NOT NULL DEFAULT false;
