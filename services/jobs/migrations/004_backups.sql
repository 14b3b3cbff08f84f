-- Scheduled database backups (ADR 0033): a third kind of job, queued by the jobs service itself once per
-- interval (its id is derived from the interval's slot, so replicas queue it once); params are
-- {slot, keep}, the owner is the nil uuid (no user).
ALTER TABLE jobs DROP CONSTRAINT IF EXISTS jobs_kind_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_kind_check CHECK (kind IN ('export', 'report', 'backup'));
CREATE INDEX IF NOT EXISTS jobs_backups_succeeded ON jobs (finished_at) WHERE kind = 'backup' AND status = 'succeeded';
