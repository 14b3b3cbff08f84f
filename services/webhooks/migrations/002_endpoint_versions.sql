-- Each endpoint counts the admins' changes to it (1 when created): its change events carry the version,
-- so the audit log records the versions before and after each change (ADR 0030).
ALTER TABLE endpoints ADD COLUMN IF NOT EXISTS version integer NOT NULL DEFAULT 1;
