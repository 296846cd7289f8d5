-- Outpost hub schema, version 1. Times are epoch milliseconds (bigint), as in the Java records.
-- JSON is stored as json, not jsonb: the hub never queries inside it, json keeps the exact text
-- (cheaper to write and read back), and jsonb would refuse "\u0000" in an app's string values.

-- The hub sequence. One row; every version-assigning transaction locks it first (SELECT ... FOR
-- UPDATE), which serializes writers across replicas and keeps versions gap-free in commit order.
CREATE TABLE hub_head (
  id   smallint PRIMARY KEY CHECK (id = 1),
  head bigint   NOT NULL
);
INSERT INTO hub_head (id, head) VALUES (1, 0);

CREATE TABLE records (
  collection        text    NOT NULL,
  id                text    NOT NULL,
  owner             text    NOT NULL,          -- '' for shared records
  version           bigint  NOT NULL,          -- hubSeq of the last change
  deleted           boolean NOT NULL,
  data              json    NOT NULL,
  fields            json    NOT NULL,          -- per top-level field: {"v": version, "o": origin site}
  delete_stamp      json,                      -- {"v", "o"} of the deletion when deleted
  origin_site       text    NOT NULL,
  origin_seq        bigint  NOT NULL,
  in_conflict       boolean NOT NULL,
  resolves_conflict boolean NOT NULL,
  updated_at        bigint  NOT NULL,
  PRIMARY KEY (collection, id)
);
CREATE UNIQUE INDEX records_version ON records (version);
-- Pulls and lag: records of one owner ('' or the site) above a cursor; collection rides along so
-- counts can be answered from the index.
CREATE INDEX records_owner_version ON records (owner, version) INCLUDE (collection);
CREATE INDEX records_tombstones ON records (updated_at) WHERE deleted;

-- Scope digests kept incrementally: live records per (owner, collection), XOR of their contributions.
CREATE TABLE digests (
  owner      text   NOT NULL,
  collection text   NOT NULL,
  count      bigint NOT NULL,
  hash       bigint NOT NULL,
  PRIMARY KEY (owner, collection)
);

-- Open conflicts: one proposal per (record, site).
CREATE TABLE conflicts (
  collection  text   NOT NULL,
  id          text   NOT NULL,
  site        text   NOT NULL,
  detected_at bigint NOT NULL,
  json        json   NOT NULL,
  PRIMARY KEY (collection, id, site)
);

CREATE TABLE audit (
  seq        bigserial PRIMARY KEY,
  collection text  NOT NULL,
  id         text  NOT NULL,
  json       json  NOT NULL
);
CREATE INDEX audit_record ON audit (collection, id, seq);

CREATE TABLE sites (
  id           text    PRIMARY KEY,
  token_hash   text    NOT NULL,
  disabled     boolean NOT NULL,
  created_at   bigint  NOT NULL,
  last_seen    bigint  NOT NULL,
  last_status  text    NOT NULL,
  last_sync_id text    NOT NULL,
  last_seq     bigint  NOT NULL,                -- highest originSeq processed (exactly-once)
  pull_cursor  bigint  NOT NULL
);

CREATE TABLE runs (
  site       text   NOT NULL,
  sync_id    text   NOT NULL,
  started_at bigint NOT NULL,
  json       json   NOT NULL,
  PRIMARY KEY (site, sync_id)
);
CREATE INDEX runs_started ON runs (started_at DESC);
