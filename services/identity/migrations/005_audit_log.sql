-- The audit log of editors' and admins' changes (ADR 0022): one row per change, numbered in the order it
-- was recorded. Each row's hash covers the previous row's hash and the row itself, so editing or deleting
-- a stored row breaks the chain from that row on (GET /v1/audit-events/verify finds where). Rows are
-- never updated or deleted by the service; a trigger refuses it, so only someone who can disable
-- triggers can even try, and the chain shows it.
CREATE TABLE IF NOT EXISTS audit_events (
  seq bigint PRIMARY KEY,
  -- The event that reported the change; null for changes recorded by identity itself (partner keys).
  event_id uuid UNIQUE,
  occurred_at timestamptz NOT NULL,
  recorded_at timestamptz NOT NULL,
  actor_id text NOT NULL,
  actor_role text NOT NULL,
  action text NOT NULL,
  subject_kind text NOT NULL,
  subject_id text NOT NULL,
  version_before integer,
  version_after integer,
  -- Names of the fields the change set (a JSON array), or null when not known.
  changed_fields jsonb,
  previous_hash text NOT NULL UNIQUE,
  hash text NOT NULL UNIQUE
);
CREATE INDEX IF NOT EXISTS audit_events_by_actor ON audit_events (actor_id, seq);
CREATE INDEX IF NOT EXISTS audit_events_by_subject ON audit_events (subject_id, seq);
CREATE INDEX IF NOT EXISTS audit_events_by_action ON audit_events (action, seq);
CREATE INDEX IF NOT EXISTS audit_events_by_time ON audit_events (occurred_at);

CREATE OR REPLACE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
DROP TRIGGER IF EXISTS audit_events_append_only ON audit_events;
CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
  FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
DROP TRIGGER IF EXISTS audit_events_no_truncate ON audit_events;
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
  FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- The chain's head: the last row's number and hash, in one row that every append locks (FOR UPDATE), so
-- appends from concurrent consumers and replicas form one line. A head no stored row matches shows that
-- rows were cut off the end.
CREATE TABLE IF NOT EXISTS audit_head (
  only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
  seq bigint NOT NULL,
  hash text NOT NULL
);
INSERT INTO audit_head (only_row, seq, hash) VALUES (true, 0, repeat('0', 64)) ON CONFLICT DO NOTHING;

-- The last audited state of each aggregate, as a hash per field (no copy of the content), to name the
-- fields a change set.
CREATE TABLE IF NOT EXISTS audit_subjects (
  kind text NOT NULL,
  id text NOT NULL,
  version integer NOT NULL,
  fields jsonb NOT NULL,
  PRIMARY KEY (kind, id)
);
