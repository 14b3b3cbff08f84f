-- Long tasks. The row is the record of truth: the queue message (`job.requested`) only says "look at
-- this job". `attempts` counts the runs that started; it is the fencing token of a run: a run may only
-- record progress or its outcome while `attempts` still equals the number it started as.
CREATE TABLE IF NOT EXISTS jobs (
  id uuid PRIMARY KEY,
  kind text NOT NULL CHECK (kind IN ('export')),
  owner_id uuid NOT NULL,
  -- What was asked: {format, filter} for an export.
  params jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  progress integer NOT NULL DEFAULT 0 CHECK (progress BETWEEN 0 AND 100),
  attempts integer NOT NULL DEFAULT 0,
  error text,
  -- Where the result is: {key, bytes, rows, contentType, etag}; set once, with status succeeded.
  result jsonb,
  -- Touched while a run is alive; a job left unfinished with no heartbeat for a while is asked for again.
  heartbeat_at timestamptz NOT NULL DEFAULT now(),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  finished_at timestamptz
);
CREATE INDEX IF NOT EXISTS jobs_owner_newest ON jobs (owner_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS jobs_unfinished ON jobs (heartbeat_at) WHERE status IN ('queued', 'running');

-- The export's own projection of reviews, fed by review events (services never read each other's
-- tables). A review that is not public (draft, unpublished) stays as a row with published = false, and
-- a deleted one as a tombstone, so an older event arriving late never brings it back.
CREATE TABLE IF NOT EXISTS export_reviews (
  review_id text PRIMARY KEY,
  version integer NOT NULL,
  published boolean NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  slug text,
  camera_id text,
  author_id text,
  title text,
  body text,
  rating numeric,
  pros jsonb,
  cons jsonb,
  verdict text,
  language text,
  published_at timestamptz,
  updated_at timestamptz
);
CREATE INDEX IF NOT EXISTS export_reviews_public ON export_reviews (published_at, review_id) WHERE published;

-- Camera names for the export's rows and its brand filter, fed by camera events.
CREATE TABLE IF NOT EXISTS export_cameras (
  camera_id text PRIMARY KEY,
  version integer NOT NULL,
  deleted boolean NOT NULL DEFAULT false,
  brand text,
  model text
);
