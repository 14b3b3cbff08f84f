-- Street prices partners report through the inbound price feed (`price.updated`): the latest report per
-- camera and retailer (services/content/src/domain/project-price.ts decides which one that is). A price
-- is kept whether or not the read model knows the camera yet (events arrive out of order: it shows once
-- the camera does); reads show only the prices of cameras that exist and are not deleted.
CREATE TABLE IF NOT EXISTS street_prices (
  camera_id text NOT NULL,
  retailer text NOT NULL,
  -- In the currency's major unit.
  price numeric NOT NULL,
  currency text NOT NULL,
  url text NOT NULL,
  -- When the partner observed the price, to the millisecond (reports are ordered by it).
  observed_at timestamptz NOT NULL,
  -- The partner's report id: breaks ties between reports observed in the same millisecond.
  report_id text NOT NULL,
  PRIMARY KEY (camera_id, retailer)
);

-- The latest deletion of the camera (its camera.deleted's occurredAt): prices observed up to then went
-- with it, and a report of such a price arriving later is dropped. Null: never deleted.
ALTER TABLE cameras ADD COLUMN IF NOT EXISTS prices_cleared_at timestamptz;
