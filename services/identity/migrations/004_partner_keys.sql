-- API keys of the partner gRPC API, made by admins. Only the SHA-256 of a key is kept (the key itself is
-- shown once, when made); `prefix` is its first characters, so admins can tell keys apart. A revoked key
-- stays (revoked_at) so the list shows what happened to it.
CREATE TABLE IF NOT EXISTS partner_keys (
  id uuid PRIMARY KEY,
  name text NOT NULL,
  prefix text NOT NULL,
  secret_hash text NOT NULL UNIQUE,
  created_by uuid NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);
CREATE INDEX IF NOT EXISTS partner_keys_newest ON partner_keys (created_at DESC, id DESC);
