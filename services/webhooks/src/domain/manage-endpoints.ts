import {
  fieldErrorsOf,
  WebhookEndpointCreateInputSchema,
  WebhookEndpointPatchInputSchema,
} from '@rcr/contracts';
import { newEvent, newId, type Emit } from '@rcr/platform';
import {
  deleteEndpoint as storeDelete,
  findEndpoint,
  insertEndpoint,
  listEndpoints as storeList,
  rotateSecret,
  updateEndpoint as storeUpdate,
  type EndpointRecord,
} from '../store/endpoint-repository.ts';
import { resolveTarget } from './address-guard.ts';
import { openSecret, sealPreviousSecret, sealSecret } from './endpoint-secrets.ts';
import { webhooksErrors } from './errors.ts';
import { assertIsAdmin, isUuid, SOURCE, type Caller, type WebhooksDeps } from './service-deps.ts';
import { newEndpointSecret } from './signatures.ts';

/** An endpoint as callers see it: never a secret. */
export type Endpoint = Omit<EndpointRecord, 'secret' | 'previousSecret' | 'createdBy' | 'version'>;

/** Strips the secrets (and the previous secret's expiry once past) from a stored endpoint. */
export function toEndpoint(record: EndpointRecord, now = new Date()): Endpoint {
  const {
    secret: _secret,
    previousSecret: _previous,
    createdBy: _by,
    version: _version,
    ...endpoint
  } = record;
  const overlapping =
    record.previousSecretExpiresAt !== null && Date.parse(record.previousSecretExpiresAt) > now.getTime();
  return { ...endpoint, previousSecretExpiresAt: overlapping ? record.previousSecretExpiresAt : null };
}

/** Refuses a URL deliveries may not go to, saying why (see address-guard.ts). */
async function assertDeliverableUrl(deps: WebhooksDeps, url: string): Promise<void> {
  const checked = await resolveTarget(url, deps.allow, deps.resolve);
  if (!checked.ok) throw webhooksErrors.urlRefused(checked.reason);
}

/**
 * Emits the change event of an endpoint an admin created or changed: its settings and version (never a
 * secret), with the caller as the envelope's actor (the outbox stamps it), for the audit log.
 */
function emitChange(
  emit: Emit,
  type: 'webhook-endpoint.created' | 'webhook-endpoint.updated',
  record: EndpointRecord,
  caller: Caller,
): Promise<void> {
  const data = {
    endpointId: record.id,
    url: record.url,
    events: record.events,
    description: record.description,
    enabled: record.enabled,
    version: record.version,
  };
  return emit(newEvent(SOURCE, type, record.id, data, caller.traceparent));
}

async function existing(deps: WebhooksDeps, id: string): Promise<EndpointRecord> {
  const endpoint = isUuid(id) ? await findEndpoint(deps.db, id) : undefined;
  if (!endpoint) throw webhooksErrors.endpointNotFound();
  return endpoint;
}

/**
 * Registers an endpoint (admins only): the URL must lead to a public address (or an allowed one), the
 * events must be subscribable. The signing secret is returned this once; it is stored encrypted.
 */
export async function createEndpoint(
  deps: WebhooksDeps,
  caller: Caller,
  input: { url: string; events: string[]; description?: string | undefined },
): Promise<{ endpoint: Endpoint; secret: string }> {
  const admin = assertIsAdmin(caller);
  const parsed = WebhookEndpointCreateInputSchema.safeParse(input);
  if (!parsed.success) throw webhooksErrors.validationFailed(fieldErrorsOf(parsed.error));
  await assertDeliverableUrl(deps, parsed.data.url);
  const id = newId();
  const secret = newEndpointSecret();
  const record = await deps.outbox.transaction(async (tx, emit) => {
    const created = await insertEndpoint(tx, {
      id,
      url: parsed.data.url,
      description: parsed.data.description ?? '',
      events: parsed.data.events,
      secret: sealSecret(deps.keyRing, id, secret),
      createdBy: admin.id,
    });
    await emitChange(emit, 'webhook-endpoint.created', created, caller);
    return created;
  });
  deps.log.info({ endpointId: id, events: record.events, by: admin.id }, 'webhook endpoint created');
  return { endpoint: toEndpoint(record), secret };
}

/** Every endpoint, newest first (admins only). */
export async function listEndpoints(deps: WebhooksDeps, caller: Caller): Promise<Endpoint[]> {
  assertIsAdmin(caller);
  return (await storeList(deps.db)).map((record) => toEndpoint(record));
}

/** One endpoint (admins only). */
export async function getEndpoint(
  deps: WebhooksDeps,
  caller: Caller,
  input: { id: string },
): Promise<Endpoint> {
  assertIsAdmin(caller);
  return toEndpoint(await existing(deps, input.id));
}

/**
 * Changes an endpoint (admins only): a new URL is checked like a new endpoint's; `enabled: true` resumes
 * deliveries after the service (or an admin) disabled it, `false` stops them.
 */
export async function updateEndpoint(
  deps: WebhooksDeps,
  caller: Caller,
  input: {
    id: string;
    url?: string | undefined;
    events?: string[] | undefined;
    description?: string | undefined;
    enabled?: boolean | undefined;
  },
): Promise<Endpoint> {
  const admin = assertIsAdmin(caller);
  const { id, ...changes } = input;
  const parsed = WebhookEndpointPatchInputSchema.safeParse(changes);
  if (!parsed.success) throw webhooksErrors.validationFailed(fieldErrorsOf(parsed.error));
  await existing(deps, id);
  if (parsed.data.url !== undefined) await assertDeliverableUrl(deps, parsed.data.url);
  const record = await deps.outbox.transaction(async (tx, emit) => {
    const updated = await storeUpdate(tx, id, parsed.data);
    if (updated) await emitChange(emit, 'webhook-endpoint.updated', updated, caller);
    return updated;
  });
  if (!record) throw webhooksErrors.endpointNotFound();
  deps.log.info(
    { endpointId: id, changed: Object.keys(parsed.data), by: admin.id },
    'webhook endpoint updated',
  );
  if (parsed.data.enabled) deps.wakeWorker();
  return toEndpoint(record);
}

/** Removes an endpoint and its delivery log (admins only). */
export async function deleteEndpoint(
  deps: WebhooksDeps,
  caller: Caller,
  input: { id: string },
): Promise<void> {
  const admin = assertIsAdmin(caller);
  if (!isUuid(input.id)) throw webhooksErrors.endpointNotFound();
  const deleted = await deps.outbox.transaction(async (tx, emit) => {
    const last = await storeDelete(tx, input.id);
    if (last === undefined) return false;
    // The deletion is the endpoint's last change: its version after it is one more.
    const data = { endpointId: input.id, version: last + 1 };
    await emit(newEvent(SOURCE, 'webhook-endpoint.deleted', input.id, data, caller.traceparent));
    return true;
  });
  if (!deleted) throw webhooksErrors.endpointNotFound();
  deps.log.info({ endpointId: input.id, by: admin.id }, 'webhook endpoint deleted');
}

/**
 * Gives an endpoint a new secret (admins only), returned this once. The secret it replaces keeps signing
 * too (a second signature) for the overlap, so the receiver can switch without losing a delivery; a
 * rotation during an overlap ends the older one.
 */
export async function rotateEndpointSecret(
  deps: WebhooksDeps,
  caller: Caller,
  input: { id: string },
): Promise<{ endpoint: Endpoint; secret: string }> {
  const admin = assertIsAdmin(caller);
  if (!isUuid(input.id)) throw webhooksErrors.endpointNotFound();
  const secret = newEndpointSecret();
  const record = await deps.outbox.transaction(async (tx, emit) => {
    const current = await findEndpoint(tx, input.id, { forUpdate: true });
    if (!current) throw webhooksErrors.endpointNotFound();
    const replaced = openSecret(deps.keyRing, current.id, current.secret);
    const previousExpiresAt = new Date(Date.now() + deps.secretOverlapMs);
    const rotated = await rotateSecret(tx, current.id, {
      secret: sealSecret(deps.keyRing, current.id, secret),
      previousSecret: sealPreviousSecret(deps.keyRing, current.id, replaced),
      previousExpiresAt,
    });
    if (rotated) {
      const data = {
        endpointId: rotated.id,
        version: rotated.version,
        previousSecretExpiresAt: previousExpiresAt.toISOString(),
      };
      await emit(newEvent(SOURCE, 'webhook-endpoint.secret-rotated', rotated.id, data, caller.traceparent));
    }
    return rotated;
  });
  if (!record) throw webhooksErrors.endpointNotFound();
  deps.log.info({ endpointId: record.id, by: admin.id }, 'webhook endpoint secret rotated');
  return { endpoint: toEndpoint(record), secret };
}
