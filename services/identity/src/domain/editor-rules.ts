import { z } from 'zod';
import type { Actor } from '@rcr/platform';
import {
  accountPasswordWeakness,
  EditorCreateInputSchema,
  EditorUpdateInputSchema,
  fieldErrorsOf,
  LoginInputSchema,
  LogoutInputSchema,
  RefreshInputSchema,
  RoleSchema,
  type EDITOR_SORT_FIELDS,
  type EditorCreateInput,
  type EditorUpdateInput,
  type Role,
} from '@rcr/contracts';
import { identityErrors } from './errors.ts';

/** One sortable editor field. */
export type EditorSortField = (typeof EDITOR_SORT_FIELDS)[number];

const listFilterSchema = z.object({ role: RoleSchema.optional(), active: z.boolean().optional() });

/** Valid filters of the editor list. */
export type EditorListFilter = z.infer<typeof listFilterSchema>;

/** A valid request to create an account (email lowercased, name trimmed). */
export type NewEditorInput = EditorCreateInput;
/** A valid set of changes to an account. */
export type EditorChangesInput = EditorUpdateInput;

// Every input is checked with the shared rules of the contracts, the ones the gateway applies too.
function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw identityErrors.validationFailed(fieldErrorsOf(result.error));
}

/**
 * Validates and normalises a new account (no role means the default role), or throws VALIDATION_FAILED
 * listing every bad field.
 */
export function assertNewEditorIsValid(input: {
  email: string;
  name: string;
  password: string;
  role?: string | undefined;
}): NewEditorInput {
  return parseOrThrow(EditorCreateInputSchema, input);
}

/** Validates the changes of an update, or throws VALIDATION_FAILED listing every bad field. */
export function assertEditorChangesAreValid(input: {
  name?: string | undefined;
  role?: string | undefined;
  password?: string | undefined;
  active?: boolean | undefined;
}): EditorChangesInput {
  return parseOrThrow(EditorUpdateInputSchema, input);
}

/**
 * Throws VALIDATION_FAILED when a new password is made of the account's own email or name (the rules
 * without the account were checked with the rest of the input).
 */
export function assertPasswordFitsAccount(password: string, account: { email: string; name: string }): void {
  const message = accountPasswordWeakness(password, account);
  if (message) throw identityErrors.validationFailed([{ field: 'password', message }]);
}

/** Checks the bounds of login credentials, or throws VALIDATION_FAILED (wrong ones are checked later). */
export function assertCredentialsAreBounded(input: { email: string; password: string }): {
  email: string;
  password: string;
} {
  return parseOrThrow(LoginInputSchema, input);
}

/** Checks a refresh token's presence and length, or throws VALIDATION_FAILED. */
export function assertRefreshIsValid(input: { refreshToken: string }): { refreshToken: string } {
  return parseOrThrow(RefreshInputSchema, input);
}

/** Checks a logout's optional refresh token (given, it must not be empty), or throws VALIDATION_FAILED. */
export function assertLogoutIsValid(input: { refreshToken?: string | undefined }): {
  refreshToken?: string | undefined;
} {
  return parseOrThrow(LogoutInputSchema, input);
}

/** Validates the list filters (a role must be 'admin' or 'editor'), or throws VALIDATION_FAILED. */
export function assertEditorListFilterIsValid(input: {
  role?: string | undefined;
  active?: boolean | undefined;
}): EditorListFilter {
  return parseOrThrow(listFilterSchema, input);
}

/** Lowercases and trims an email the way accounts are stored, for look-ups. */
export function normaliseEmail(value: string): string {
  return value.trim().toLowerCase();
}

/** Throws unless there is a caller (UNAUTHENTICATED); returns it. */
export function assertIsAuthenticated(actor: Actor | undefined): Actor {
  if (!actor) throw identityErrors.unauthenticated();
  return actor;
}

/** Throws unless the caller is an admin (UNAUTHENTICATED without a caller, FORBIDDEN otherwise). */
export function assertIsAdmin(actor: Actor | undefined): Actor {
  const caller = assertIsAuthenticated(actor);
  if (caller.role !== 'admin') throw identityErrors.forbidden();
  return caller;
}

/** Throws unless the caller is an admin or the account's owner. */
export function assertCanViewEditor(actor: Actor | undefined, editorId: string): Actor {
  const caller = assertIsAuthenticated(actor);
  if (caller.role !== 'admin' && caller.id !== editorId) throw identityErrors.forbidden();
  return caller;
}

/**
 * Throws LAST_ADMIN when a change would leave no active admin. `activeAdminIds` are the active admins
 * before the change; the target keeps admin rights only if it stays an active admin.
 */
export function assertAnAdminRemains(
  activeAdminIds: readonly string[],
  target: { id: string; role: Role; active: boolean },
  after: { role: Role; active: boolean },
): void {
  const losesAdmin = target.role === 'admin' && target.active && (after.role !== 'admin' || !after.active);
  if (!losesAdmin) return;
  if (activeAdminIds.every((id) => id === target.id)) throw identityErrors.lastAdmin();
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for a syntactically valid UUID (anything else cannot name an account). */
export function isUuid(value: string): boolean {
  return UUID.test(value);
}
