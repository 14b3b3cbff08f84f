import { errors, type AppError } from '@rcr/platform';

/** The webhooks service's error catalog: every failure it reports, with its stable code. */
export const webhooksErrors = {
  /** No caller identity on a call that needs one. */
  unauthenticated: (): AppError => errors.unauthenticated('UNAUTHENTICATED', 'authentication is required'),
  /** Endpoints and deliveries are for administrators. */
  adminOnly: (): AppError => errors.forbidden('ADMIN_ONLY', 'only administrators may do this'),
  /** Input failed validation; `fields` says which and why. */
  validationFailed: (fields: { field: string; message: string }[]): AppError =>
    errors.invalid('VALIDATION_FAILED', 'the request is not valid', fields),
  /** The URL is not one deliveries may go to (scheme, credentials, or where it resolves). */
  urlRefused: (reason: string): AppError =>
    errors.invalid('WEBHOOK_URL_REFUSED', `the endpoint URL is refused: it ${reason}`, [
      { field: 'url', message: reason },
    ]),
  /** No endpoint with this id. */
  endpointNotFound: (): AppError =>
    errors.notFound('WEBHOOK_ENDPOINT_NOT_FOUND', 'webhook endpoint not found'),
  /** No delivery with this id for this endpoint. */
  deliveryNotFound: (): AppError =>
    errors.notFound('WEBHOOK_DELIVERY_NOT_FOUND', 'webhook delivery not found'),
  /** A delivery of a disabled endpoint cannot be retried until the endpoint is enabled again. */
  endpointDisabled: (): AppError =>
    errors.conflict(
      'WEBHOOK_ENDPOINT_DISABLED',
      'the endpoint is disabled: enable it first (PATCH enabled: true)',
    ),
  /** The inbound feed has no secret configured, so nothing it receives can be trusted. */
  inboundNotConfigured: (): AppError =>
    errors.unavailable(
      'INBOUND_NOT_CONFIGURED',
      'the inbound price feed is not configured on this server (RCR_INBOUND_PRICES_SECRET); send the report again later',
    ),
  /** The signature headers are missing, the signature does not match or the timestamp is not recent. */
  signatureInvalid: (why: string): AppError =>
    errors.unauthenticated('WEBHOOK_SIGNATURE_INVALID', `the webhook signature is not valid: ${why}`),
  /** The signed body is not JSON. */
  malformedJson: (): AppError => errors.invalid('MALFORMED_JSON', 'the request body is not valid JSON'),
};
