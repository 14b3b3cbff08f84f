import { createHash } from 'node:crypto';
import type * as grpc from '@grpc/grpc-js';
import { PARTNER_KEY_LIMITS } from '@rcr/contracts';
import { AppError, errors, type Actor } from '@rcr/platform';
import type { TokenVerifier } from '../auth/tokens.ts';
import type { CallMeta, Upstreams } from '../upstream/clients.ts';
import type { PartnerCallBudget } from './rate-limit.ts';

/** The partner a call was made for: the API key's record. */
export interface Partner {
  keyId: string;
  name: string;
}

/** Most verifications remembered at once; past it the oldest half is forgotten. */
const MAX_REMEMBERED = 10_000;

function metadataText(metadata: grpc.Metadata, key: string): string | undefined {
  const value = metadata.get(key)[0];
  return typeof value === 'string' && value.length <= 4096 ? value.trim() : undefined;
}

function bearerOf(metadata: grpc.Metadata): string | undefined {
  return /^Bearer\s+(\S+)$/i.exec(metadataText(metadata, 'authorization') ?? '')?.[1];
}

/** The API key a call carries: metadata `x-api-key`, or `authorization: Bearer rcrp_…`. */
export function apiKeyOf(metadata: grpc.Metadata): string | undefined {
  const explicit = metadataText(metadata, 'x-api-key');
  if (explicit) return explicit;
  const bearer = bearerOf(metadata);
  return bearer?.startsWith(PARTNER_KEY_LIMITS.prefix) ? bearer : undefined;
}

const missingKey = () =>
  errors.unauthenticated(
    'API_KEY_MISSING',
    'send a partner API key as metadata "x-api-key: <key>" (or "authorization: Bearer <key>")',
  );

/**
 * Checks partner API keys with the identity service (VerifyPartnerKey) and remembers each answer — valid
 * or not — for `ttlMs`, so a partner's calls cost no round trip each; a key revoked on any gateway stops
 * working everywhere within `ttlMs`. Failures to ask (identity down) are not remembered.
 */
export class PartnerKeys {
  readonly #remembered = new Map<string, { untilMs: number; answer: Promise<Partner> }>();

  constructor(
    private readonly upstreams: Upstreams,
    private readonly ttlMs: number,
    /** Counts each authenticated call against its key's budget (absent: no rate limit). */
    readonly budget?: PartnerCallBudget,
  ) {}

  /**
   * The partner of the call's API key; UNAUTHENTICATED without one or with an unknown or revoked one.
   * The call counts against the key's budget (PartnerRateLimited past it).
   */
  async authenticate(metadata: grpc.Metadata, meta: CallMeta): Promise<Partner> {
    const key = apiKeyOf(metadata);
    if (!key) throw missingKey();
    const partner = await this.verify(key, meta);
    this.budget?.(partner.keyId);
    return partner;
  }

  /** The partner of `key` (see `authenticate`). */
  verify(key: string, meta: CallMeta): Promise<Partner> {
    const id = createHash('sha256').update(key).digest('base64url');
    const now = Date.now();
    const known = this.#remembered.get(id);
    if (known && now < known.untilMs) return known.answer;
    const answer = this.upstreams
      .call('identity', 'VerifyPartnerKey', { key }, meta)
      .then((record) => ({ keyId: record.id, name: record.name }));
    this.#remember(id, now + this.ttlMs, answer);
    answer.catch((err: unknown) => {
      // Only a definite answer is remembered: a failure to ask is asked again by the next call.
      if (!(err instanceof AppError && err.kind === 'unauthenticated')) this.#remembered.delete(id);
    });
    return answer;
  }

  #remember(id: string, untilMs: number, answer: Promise<Partner>): void {
    if (this.#remembered.size >= MAX_REMEMBERED) {
      let drop = MAX_REMEMBERED / 2;
      for (const key of this.#remembered.keys()) {
        this.#remembered.delete(key);
        if (--drop === 0) break;
      }
    }
    this.#remembered.set(id, { untilMs, answer });
  }
}

/**
 * The admin a call was made by: an access token as `authorization: Bearer <JWT>` (checked as REST checks
 * it, revocation included). UNAUTHENTICATED without a valid one, PERMISSION_DENIED for an editor.
 */
export async function adminOf(
  metadata: grpc.Metadata,
  verifier: TokenVerifier,
  requestId: string,
): Promise<Actor> {
  const token = bearerOf(metadata);
  if (!token || token.startsWith(PARTNER_KEY_LIMITS.prefix)) {
    throw errors.unauthenticated(
      'TOKEN_MISSING',
      'send an admin access token as metadata "authorization: Bearer <token>"',
    );
  }
  const caller = await verifier.verify(token, requestId);
  if (caller.role !== 'admin') throw errors.forbidden('ADMIN_ONLY', 'only administrators may do this');
  return { id: caller.id, role: caller.role, ...(caller.sid ? { sid: caller.sid } : {}) };
}
