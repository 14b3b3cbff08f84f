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
};
