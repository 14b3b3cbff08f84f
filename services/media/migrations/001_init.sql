-- Review images (ADR 0029). The original is kept private under `original_key`; the public renditions
-- live under `images/<public_id>/…`, a random name unrelated to the original's, so no link to a
-- rendition tells anything about where the original is.
CREATE TABLE IF NOT EXISTS images (
  id uuid PRIMARY KEY,
  review_id text NOT NULL,
  uploader_id text NOT NULL,
  original_key text NOT NULL UNIQUE,
  public_id text NOT NULL UNIQUE,
  -- As sniffed from the bytes (never as declared).
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp')),
  bytes integer NOT NULL CHECK (bytes > 0),
  width integer NOT NULL CHECK (width > 0),
  height integer NOT NULL CHECK (height > 0),
  sha256 text NOT NULL,
  -- The client's file name, for people only (never part of a storage name).
  file_name text NOT NULL DEFAULT '',
  status text NOT NULL CHECK (status IN ('pending', 'ready', 'failed')),
  -- [{name, key, width, height, bytes, contentType}], set once, with status ready.
  renditions jsonb,
  error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  ready_at timestamptz
);
CREATE INDEX IF NOT EXISTS images_of_review ON images (review_id, created_at, id);

-- Who may change a review's images: the service's own projection of reviews, fed by review events
-- (services never read each other's tables). A deleted review stays as a tombstone so that an older
-- event arriving late never brings it back.
CREATE TABLE IF NOT EXISTS media_reviews (
  review_id text PRIMARY KEY,
  author_id text NOT NULL,
  version integer NOT NULL,
  published boolean NOT NULL DEFAULT false,
  deleted boolean NOT NULL DEFAULT false
);
