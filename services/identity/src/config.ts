import { z } from 'zod';
import { EditorNameSchema, EmailSchema, PasswordSchema } from '@rcr/contracts';
import { secretsConfigShape, serviceConfigSchemaWith } from '@rcr/platform';

// An empty variable (`RCR_ADMIN_PASSWORD=`) counts as unset rather than as a too-short password.
// The account is checked with the same rules as any other account (the contracts' input rules).
const optionalSecret = z.preprocess((value) => (value === '' ? undefined : value), PasswordSchema.optional());

/**
 * Config of the identity process: the shared service settings, the key that encrypts its signing keys at
 * rest, and the bootstrap admin account.
 * - `RCR_ENCRYPTION_KEY`: key ring for secrets at rest (see `resolveKeyRing` for what happens when unset).
 * - `RCR_ADMIN_EMAIL`: email of the admin account created on first start.
 * - `RCR_ADMIN_PASSWORD`: its password; when unset no account is created (a warning is logged if no admin exists).
 * - `RCR_ADMIN_NAME`: its display name.
 */
export const identityConfigSchema = serviceConfigSchemaWith({
  ...secretsConfigShape,
  RCR_ADMIN_EMAIL: EmailSchema.default('admin@rcr.local'),
  RCR_ADMIN_PASSWORD: optionalSecret,
  RCR_ADMIN_NAME: EditorNameSchema.default('Admin'),
});

/** The parsed, frozen configuration of the identity service. */
export type IdentityConfig = z.infer<typeof identityConfigSchema>;
