-- Idempotency-Keys of writes, recorded in the same transaction as the write they guard: a retry of the
-- same request (same caller, key and fingerprint) returns `result` instead of writing again, however long
-- the first one took and whichever gateway receives the retry.
CREATE TABLE IF NOT EXISTS idempotency_keys (
  scope text NOT NULL,
  key text NOT NULL,
  fingerprint text NOT NULL,
  operation text NOT NULL,
  result jsonb,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (scope, key)
);
CREATE INDEX IF NOT EXISTS idempotency_keys_by_age ON idempotency_keys (created_at);
