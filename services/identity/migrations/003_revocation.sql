-- Revocation of live access tokens. An access token names its session (the refresh-token family, claim
-- `sid`); a session's revocation is `refresh_tokens.revoked_at`. `tokens_valid_after` voids every access
-- token of an editor issued before it (deactivation, role or password change, logout everywhere).
ALTER TABLE editors ADD COLUMN IF NOT EXISTS tokens_valid_after timestamptz;
CREATE INDEX IF NOT EXISTS editors_tokens_valid_after ON editors (tokens_valid_after) WHERE tokens_valid_after IS NOT NULL;
CREATE INDEX IF NOT EXISTS refresh_tokens_revoked ON refresh_tokens (revoked_at) WHERE revoked_at IS NOT NULL;
