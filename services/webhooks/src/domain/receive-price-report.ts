import { fieldErrorsOf, InboundPriceReportSchema } from '@rcr/contracts';
import { newEvent } from '@rcr/platform';
import { recordInboundMessage } from '../store/inbound-repository.ts';
import { webhooksErrors } from './errors.ts';
import { SOURCE, type WebhooksDeps } from './service-deps.ts';
import { verifyMessage, type SignatureHeaders } from './signatures.ts';

/** The name of the price feed among inbound feeds (its webhook-ids are de-duplicated apart from others'). */
export const PRICES_FEED = 'prices';

const WEBHOOK_ID = /^[\x21-\x7e]{1,256}$/;

/**
 * Accepts a partner's signed price report: the signature (over the raw body, with the shared secret) and a
 * timestamp within 5 minutes, else UNAUTHENTICATED; then JSON of the report's shape, else INVALID. A
 * report whose webhook-id was accepted before changes nothing (`duplicate`); a new one is recorded and
 * `price.updated` emitted in one transaction, for the read side to apply asynchronously.
 */
export async function receivePriceReport(
  deps: WebhooksDeps,
  message: { body: Buffer; headers: SignatureHeaders; traceparent?: string | undefined },
): Promise<{ webhookId: string; duplicate: boolean }> {
  const secret = deps.inboundPricesSecret;
  if (!secret) throw webhooksErrors.inboundNotConfigured();
  const verified = await verifyMessage(secret, message.body, message.headers);
  if (!verified.ok) throw webhooksErrors.signatureInvalid(verified.reason.toLowerCase());
  const webhookId = message.headers['webhook-id'];
  if (!WEBHOOK_ID.test(webhookId)) {
    throw webhooksErrors.validationFailed([
      { field: 'webhook-id', message: 'must be 1–256 printable ASCII characters' },
    ]);
  }
  let json: unknown;
  try {
    json = JSON.parse(message.body.toString('utf8'));
  } catch {
    throw webhooksErrors.malformedJson();
  }
  const parsed = InboundPriceReportSchema.safeParse(json);
  if (!parsed.success) throw webhooksErrors.validationFailed(fieldErrorsOf(parsed.error, 'body'));
  const { timestamp, data } = parsed.data;
  const event = newEvent(
    SOURCE,
    'price.updated',
    data.cameraId,
    { reportId: webhookId, ...data, observedAt: timestamp },
    message.traceparent,
  );
  const accepted = await deps.outbox.transaction(async (tx, emit) => {
    const recorded = await recordInboundMessage(tx, { feed: PRICES_FEED, webhookId, eventId: event.id });
    if (recorded) await emit(event);
    return recorded;
  });
  deps.log.info(
    { webhookId, cameraId: data.cameraId, duplicate: !accepted },
    'inbound price report received',
  );
  return { webhookId, duplicate: !accepted };
}
