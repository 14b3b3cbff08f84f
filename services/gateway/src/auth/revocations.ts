import { ACCESS_TOKEN_TTL_SECONDS, type EventData } from '@rcr/contracts';

/** What of an access token decides whether it was revoked. */
export interface RevocableToken {
  sub: string;
  /** Its session (refresh-token family); absent on tokens issued before sessions were named. */
  sid?: string | undefined;
  /** When it was issued, in ms (from its UUIDv7 `jti`, or `iat`). */
  issuedAtMs: number;
}

/** How long a revocation must be remembered: as long as a token issued before it can live, and a margin. */
const REMEMBER_MS = (ACCESS_TOKEN_TTL_SECONDS + 120) * 1000;

/**
 * The gateway's list of revoked sessions and editors, in memory: fed at once by `session.revoked` events
 * (a bus broadcast every gateway receives) and resynchronised from identity — the record of truth — at
 * start and every few seconds, so a gap in the broadcast (a reconnection) cannot leave a revoked token
 * usable. Entries are forgotten once every token they could void has expired.
 */
export class RevocationList {
  readonly #sessions = new Map<string, number>();
  /** Editor id → tokens issued before this time (ms) are void. */
  readonly #editors = new Map<string, number>();
  #loaded = false;

  /** Whether the list was loaded from identity at least once (before that, no token can be trusted). */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Whether the token is revoked (its session ended, or its editor's tokens were voided after it was issued). */
  isRevoked(token: RevocableToken): boolean {
    if (token.sid !== undefined && this.#sessions.has(token.sid)) return true;
    const validAfter = this.#editors.get(token.sub);
    return validAfter !== undefined && token.issuedAtMs <= validAfter;
  }

  /** Applies one `session.revoked` event. */
  apply(event: EventData<'session.revoked'>): void {
    const at = Date.parse(event.revokedAt);
    if (event.sessionId)
      this.#sessions.set(event.sessionId, Math.max(at, this.#sessions.get(event.sessionId) ?? 0));
    else this.#editors.set(event.editorId, Math.max(at, this.#editors.get(event.editorId) ?? 0));
  }

  /** Adds what identity lists (see `IdentityService.ListRevocations`). */
  load(revocations: {
    sessions: { sessionId: string; editorId: string; revokedAt: string }[];
    editors: { editorId: string; validAfter: string }[];
  }): void {
    for (const s of revocations.sessions) {
      this.apply({ editorId: s.editorId, sessionId: s.sessionId, revokedAt: s.revokedAt });
    }
    for (const e of revocations.editors)
      this.apply({ editorId: e.editorId, sessionId: null, revokedAt: e.validAfter });
    this.prune();
    this.#loaded = true;
  }

  /** Forgets revocations older than any token still alive could be. */
  prune(now = Date.now()): void {
    for (const [key, at] of this.#sessions) if (now - at > REMEMBER_MS) this.#sessions.delete(key);
    for (const [key, at] of this.#editors) if (now - at > REMEMBER_MS) this.#editors.delete(key);
  }

  /** How far back a resynchronisation must look. */
  static readonly lookBackMs = REMEMBER_MS;
}
