import { errors, type AppError } from '@rcr/platform';

/** The jobs service's error catalog: every failure it reports, with its stable code. */
export const jobsErrors = {
  /** No caller identity on a call that needs one. */
  unauthenticated: (): AppError => errors.unauthenticated('UNAUTHENTICATED', 'authentication is required'),
  /** Input failed validation; `fields` says which and why. */
  validationFailed: (fields: { field: string; message: string }[]): AppError =>
    errors.invalid('VALIDATION_FAILED', 'the request is not valid', fields),
  /** No job with this id that the caller may see (another editor's job is not found either). */
  jobNotFound: (): AppError => errors.notFound('JOB_NOT_FOUND', 'job not found'),
  /** The link's signature does not match its key and expiry (or it is missing or malformed). */
  linkInvalid: (): AppError =>
    errors.forbidden('LINK_INVALID', 'the link is not valid: its signature does not match'),
  /** A genuine link whose time is over: ask for a new one (GET /v1/jobs/{id}). */
  linkExpired: (): AppError => errors.forbidden('LINK_EXPIRED', 'the link has expired; ask for a new one'),
  /** The link is genuine but the file is no longer in the bucket. */
  fileNotFound: (): AppError => errors.notFound('FILE_NOT_FOUND', 'the file does not exist (any more)'),
};
