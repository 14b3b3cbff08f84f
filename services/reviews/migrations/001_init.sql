-- Cameras: the catalogue editors review. Ids are readable slugs ("fujifilm-x100vi").
CREATE TABLE IF NOT EXISTS cameras (
  id text PRIMARY KEY,
  brand text NOT NULL,
  model text NOT NULL,
  type text NOT NULL,
  specs jsonb NOT NULL DEFAULT '{}'::jsonb,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  deleted_at timestamptz
);
CREATE UNIQUE INDEX IF NOT EXISTS cameras_brand_model ON cameras (lower(brand), lower(model)) WHERE deleted_at IS NULL;

-- Reviews: the write model. `version` increases on every change (optimistic concurrency, event order).
CREATE TABLE IF NOT EXISTS reviews (
  id uuid PRIMARY KEY,
  slug text NOT NULL UNIQUE,
  camera_id text NOT NULL REFERENCES cameras (id),
  author_id uuid NOT NULL,
  title text NOT NULL,
  body text NOT NULL,
  rating numeric(3, 1) NOT NULL CHECK (rating >= 0 AND rating <= 10),
  pros jsonb NOT NULL DEFAULT '[]'::jsonb,
  cons jsonb NOT NULL DEFAULT '[]'::jsonb,
  verdict text NOT NULL,
  language text NOT NULL DEFAULT 'en',
  status text NOT NULL CHECK (status IN ('draft', 'published')),
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  published_at timestamptz
);
CREATE INDEX IF NOT EXISTS reviews_author_created ON reviews (author_id, created_at DESC);
CREATE INDEX IF NOT EXISTS reviews_camera ON reviews (camera_id);
