-- Private signing keys are kept as AES-256-GCM envelopes (`enc:v1:<kid>:<iv>:<tag>:<ciphertext>`, see
-- packages/platform/src/secrets.ts and docs/adr/0008-secrets-at-rest.md), no longer as JWK JSON. The
-- database never sees the encryption key, so this migration only changes the type: rows written before
-- it hold their JWK as text until the service encrypts them on start (ensure-signing-key.ts). The CHECK
-- refuses any new or updated row that is not an envelope; NOT VALID leaves those legacy rows to the
-- service instead of failing the migration.
ALTER TABLE signing_keys ALTER COLUMN private_jwk TYPE text USING private_jwk::text;
ALTER TABLE signing_keys ADD CONSTRAINT signing_keys_private_jwk_encrypted
  CHECK (private_jwk LIKE 'enc:v1:%') NOT VALID;
