-- Endpoints admins registered. `secret` (and `previous_secret` for RCR_WEBHOOK_SECRET_OVERLAP after a
-- rotation) are AES-256-GCM envelopes bound to their row (ADR 0008): the database never holds a secret.
-- `failing_since` is set by the first failed attempt after a success and cleared by the next success; an
-- endpoint failing for RCR_WEBHOOK_DISABLE_AFTER, or answering 410 Gone, is disabled.
CREATE TABLE IF NOT EXISTS endpoints (
  id uuid PRIMARY KEY,
  url text NOT NULL,
  description text NOT NULL DEFAULT '',
  event_types text[] NOT NULL,
  enabled boolean NOT NULL DEFAULT true,
  disabled_reason text,
  disabled_at timestamptz,
  failing_since timestamptz,
  secret text NOT NULL,
  previous_secret text,
  previous_secret_expires_at timestamptz,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);

-- One delivery per (endpoint, event): its id is the webhook-id of every attempt. `body` is the exact JSON
-- sent each time ({type, timestamp, data}). A worker claims a due delivery (`claim_token` and a lease in
-- `claimed_until`, FOR UPDATE SKIP LOCKED): replicas share the work, and a claim whose worker died
-- lapses and is taken again.
CREATE TABLE IF NOT EXISTS deliveries (
  id uuid PRIMARY KEY,
  endpoint_id uuid NOT NULL REFERENCES endpoints (id) ON DELETE CASCADE,
  event_id uuid NOT NULL,
  event_type text NOT NULL,
  body text NOT NULL,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'succeeded', 'failed')),
  attempt_count integer NOT NULL DEFAULT 0,
  next_attempt_at timestamptz,
  claimed_until timestamptz,
  claim_token uuid,
  last_attempt_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (endpoint_id, event_id)
);
CREATE INDEX IF NOT EXISTS deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX IF NOT EXISTS deliveries_by_endpoint ON deliveries (endpoint_id, id DESC);

-- Every attempt of a delivery: what the receiver answered (status, the first KB of its body) or why
-- there was no answer.
CREATE TABLE IF NOT EXISTS delivery_attempts (
  delivery_id uuid NOT NULL REFERENCES deliveries (id) ON DELETE CASCADE,
  attempt integer NOT NULL,
  started_at timestamptz NOT NULL,
  duration_ms integer NOT NULL,
  status_code integer,
  response_excerpt text,
  error text,
  PRIMARY KEY (delivery_id, attempt)
);

-- webhook-ids of signed inbound messages already accepted (per feed): the same id again changes nothing.
CREATE TABLE IF NOT EXISTS inbound_messages (
  feed text NOT NULL,
  webhook_id text NOT NULL,
  event_id uuid NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (feed, webhook_id)
);
CREATE INDEX IF NOT EXISTS inbound_messages_by_age ON inbound_messages (received_at);
