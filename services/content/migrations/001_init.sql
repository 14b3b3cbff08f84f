-- The content read model. Every row here is projected from bus events; nothing else writes to it.

-- Editor names, from identity's editor.registered / editor.updated (joined into reads at query time).
CREATE TABLE IF NOT EXISTS editors (
  id text PRIMARY KEY,
  name text NOT NULL,
  role text NOT NULL,
  active boolean NOT NULL
);

-- Cameras, from camera.created / camera.updated / camera.deleted. A deleted camera keeps its row (and
-- version) so that a late, older event cannot bring it back.
CREATE TABLE IF NOT EXISTS cameras (
  id text PRIMARY KEY,
  brand text NOT NULL,
  model text NOT NULL,
  type text NOT NULL,
  specs jsonb NOT NULL DEFAULT '{}'::jsonb,
  version integer NOT NULL,
  deleted boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS cameras_by_brand ON cameras (lower(brand)) WHERE NOT deleted;

-- Published reviews: one row per review that is currently public.
CREATE TABLE IF NOT EXISTS content (
  review_id text PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  camera_id text NOT NULL,
  author_id text NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  rating numeric NOT NULL,
  pros jsonb NOT NULL DEFAULT '[]'::jsonb,
  cons jsonb NOT NULL DEFAULT '[]'::jsonb,
  verdict text NOT NULL,
  language text NOT NULL DEFAULT '',
  published_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  version integer NOT NULL
);
CREATE INDEX IF NOT EXISTS content_newest ON content (published_at DESC, review_id DESC);
CREATE INDEX IF NOT EXISTS content_by_camera ON content (camera_id, published_at DESC, review_id DESC);

-- The last review version applied, kept after a review leaves `content` (unpublished or deleted), so a
-- late, older review.published cannot make it public again.
CREATE TABLE IF NOT EXISTS review_versions (
  review_id text PRIMARY KEY,
  version integer NOT NULL
);
