-- Each published review's public JSON, ready to send (ADR 0015): rendered by the projection when an event
-- is applied (services/content/src/domain/render-review.ts) and re-rendered, in the same transaction,
-- when the camera or editor name it embeds changes. Lists are assembled from these fragments without
-- joining, mapping or re-serialising anything.
--
-- Rows that exist before this migration (and rows of an older rendering, `public_json_version` below the
-- service's PUBLIC_JSON_VERSION) are rendered by the service at start-up, before it projects events.
ALTER TABLE content ADD COLUMN IF NOT EXISTS public_json text NOT NULL DEFAULT '';
ALTER TABLE content ADD COLUMN IF NOT EXISTS public_json_version integer NOT NULL DEFAULT 0;
-- The editor name embedded in public_json, so a rename re-renders exactly the fragments that show the old one.
ALTER TABLE content ADD COLUMN IF NOT EXISTS author_name text NOT NULL DEFAULT '';
