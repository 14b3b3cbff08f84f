-- Comparison reports (ADR 0030): a second kind of job, whose params are {cameraIds}.
ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check CHECK (kind IN ('export', 'report'));

-- What a report shows of each camera, fed by the same camera events: its type and specs as entered.
-- Cameras projected before this migration have none until their next change (the report says "—").
ALTER TABLE export_cameras ADD COLUMN IF NOT EXISTS type text;
ALTER TABLE export_cameras ADD COLUMN IF NOT EXISTS specs jsonb;
