-- Editor accounts. Emails are stored lowercased so the unique constraint is case-insensitive.
CREATE TABLE IF NOT EXISTS editors (
  id uuid PRIMARY KEY,
  email text NOT NULL UNIQUE CHECK (email = lower(email)),
  name text NOT NULL,
  role text NOT NULL CHECK (role IN ('admin', 'editor')),
  password_hash text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  version integer NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS editors_newest ON editors (created_at DESC, id DESC);

-- Refresh tokens, one row per issued token; only the SHA-256 of the token is kept. Tokens rotated from
-- one login share a family, so reuse of a spent token can revoke every descendant at once.
CREATE TABLE IF NOT EXISTS refresh_tokens (
  id uuid PRIMARY KEY,
  editor_id uuid NOT NULL REFERENCES editors (id) ON DELETE CASCADE,
  family_id uuid NOT NULL,
  token_hash text NOT NULL UNIQUE,
  expires_at timestamptz NOT NULL,
  used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX IF NOT EXISTS refresh_tokens_editor ON refresh_tokens (editor_id);

-- Ed25519 key pairs that sign access tokens. Exactly one is active (signs); all are published in the
-- JWKS so tokens signed before a rotation still verify. The partial unique index lets concurrent
-- starters race on INSERT … ON CONFLICT DO NOTHING and agree on one key.
CREATE TABLE IF NOT EXISTS signing_keys (
  kid text PRIMARY KEY,
  private_jwk jsonb NOT NULL,
  public_jwk jsonb NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX IF NOT EXISTS signing_keys_one_active ON signing_keys ((true)) WHERE active;
