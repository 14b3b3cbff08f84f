-- Review images for zip exports (ADR 0032), fed by media's image.ready and image.deleted (services never
-- read each other's tables). Only the display rendition is kept: it is what a zip bundles. A deleted
-- image stays as a tombstone so that an image.ready delivered after its image.deleted never brings it back.
CREATE TABLE IF NOT EXISTS export_images (
  image_id text PRIMARY KEY,
  review_id text NOT NULL,
  -- The display rendition's bucket key, width and height (null for a tombstone).
  display_key text,
  width integer,
  height integer,
  ready_at timestamptz,
  deleted boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS export_images_of_review ON export_images (review_id, ready_at, image_id)
  WHERE NOT deleted;
