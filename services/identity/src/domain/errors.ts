import { errors, type AppError } from '@rcr/platform';

/** The identity service's error catalog: every failure it reports, with its stable code. */
export const identityErrors = {
  /** Wrong password, unknown email or inactive account: deliberately indistinguishable. */
  invalidCredentials: (): AppError =>
    errors.unauthenticated('INVALID_CREDENTIALS', 'invalid email or password'),
  /** Unknown, expired or revoked refresh token. */
  refreshTokenInvalid: (): AppError =>
    errors.unauthenticated('REFRESH_TOKEN_INVALID', 'the refresh token is invalid or expired'),
  /** A spent refresh token was presented again: its whole family has been revoked. */
  refreshTokenReused: (): AppError =>
    errors.unauthenticated(
      'REFRESH_TOKEN_REUSED',
      'the refresh token was already used; the session has been revoked',
    ),
  /** No caller identity on a call that needs one. */
  unauthenticated: (): AppError => errors.unauthenticated('UNAUTHENTICATED', 'authentication is required'),
  /** The caller is known but not allowed to do this. */
  forbidden: (): AppError => errors.forbidden('FORBIDDEN', 'you are not allowed to do this'),
  /** Input failed validation; `fields` says which and why. */
  validationFailed: (fields: { field: string; message: string }[]): AppError =>
    errors.invalid('VALIDATION_FAILED', 'the request is not valid', fields),
  /** Another account already uses this email. */
  emailTaken: (): AppError => errors.conflict('EMAIL_TAKEN', 'an account with this email already exists'),
  /** No account with this id. */
  editorNotFound: (): AppError => errors.notFound('EDITOR_NOT_FOUND', 'editor not found'),
  /** The caller's expected version (If-Match) is not the account's current one. */
  versionMismatch: (current: number): AppError =>
    errors.preconditionFailed('VERSION_MISMATCH', `the editor is at version ${current}`),
  /** The change would leave no active admin, locking everyone out of account management. */
  lastAdmin: (): AppError =>
    errors.conflict('LAST_ADMIN', 'the last active admin cannot be demoted or deactivated'),
  /** No partner key with this id. */
  partnerKeyNotFound: (): AppError => errors.notFound('PARTNER_KEY_NOT_FOUND', 'partner key not found'),
  /** The key presented is unknown, revoked or not a partner key at all: deliberately indistinguishable. */
  partnerKeyInvalid: (): AppError =>
    errors.unauthenticated('PARTNER_KEY_INVALID', 'the API key is not valid (unknown or revoked)'),
};
