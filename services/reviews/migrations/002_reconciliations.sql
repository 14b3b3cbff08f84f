-- Anti-entropy runs: this service's inventory of reviews and cameras is compared by the read model, part
-- by part (inventory.taken → inventory.checked); each checked part adds its findings and repairs here.
CREATE TABLE IF NOT EXISTS reconciliations (
  id uuid PRIMARY KEY,
  trigger text NOT NULL CHECK (trigger IN ('admin', 'schedule')),
  started_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz,
  parts integer NOT NULL,
  parts_checked integer NOT NULL DEFAULT 0,
  missing integer NOT NULL DEFAULT 0,
  outdated integer NOT NULL DEFAULT 0,
  extra integer NOT NULL DEFAULT 0,
  mismatch integer NOT NULL DEFAULT 0,
  repaired integer NOT NULL DEFAULT 0,
  unrepairable integer NOT NULL DEFAULT 0,
  repairs jsonb NOT NULL DEFAULT '[]'::jsonb
);
CREATE INDEX IF NOT EXISTS reconciliations_newest ON reconciliations (started_at DESC);
