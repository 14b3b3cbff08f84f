-- The ready images of reviews (ADR 0032), fed by media's image.ready and image.deleted: each review's
-- public JSON lists them with stable paths that the gateway redirects to signed links. An image is kept
-- whether or not its review is public (events arrive out of order; it shows once the review does). A
-- deleted image stays as a tombstone so that a late image.ready never brings it back.
CREATE TABLE IF NOT EXISTS review_images (
  image_id text PRIMARY KEY,
  review_id text NOT NULL,
  -- Of the display rendition and the thumbnail (null for a tombstone).
  width integer,
  height integer,
  thumbnail_width integer,
  thumbnail_height integer,
  ready_at timestamptz,
  deleted boolean NOT NULL DEFAULT false
);
CREATE INDEX IF NOT EXISTS review_images_of_review ON review_images (review_id, ready_at, image_id)
  WHERE NOT deleted;
