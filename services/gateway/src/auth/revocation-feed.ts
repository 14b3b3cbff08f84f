import { isEvent, type EventData } from '@rcr/contracts';
import type { EventBus, Logger } from '@rcr/platform';
import type { Upstreams } from '../upstream/clients.ts';
import { RevocationList } from './revocations.ts';
import type { TokenVerifier } from './tokens.ts';

/** How often the revocation list is resynchronised from identity (a safety net under the broadcast). */
const RESYNC_MS = 5000;
/** Overlap of two resynchronisations, for clock differences and in-flight commits. */
const OVERLAP_MS = 5000;

/**
 * Keeps this gateway's revocation list and key set current: identity's `session.revoked` and
 * `signing-keys.changed` events arrive by bus broadcast (every gateway gets each, within milliseconds),
 * and the list is resynchronised from identity at start and every few seconds. `onRevoked` lets live
 * connections authorised by a revoked token be cut (Socket.IO editor rooms).
 */
export async function startRevocationFeed(options: {
  bus: EventBus;
  verifier: TokenVerifier;
  upstreams: Upstreams;
  log: Logger;
  onRevoked?: (revocation: EventData<'session.revoked'>) => void;
}): Promise<{ stop(): Promise<void> }> {
  const { bus, verifier, upstreams, log } = options;
  let since = new Date(Date.now() - RevocationList.lookBackMs).toISOString();
  let failures = 0;
  const resync = async () => {
    try {
      const listed = await upstreams.call(
        'identity',
        'ListRevocations',
        { since },
        { requestId: 'revocations' },
      );
      verifier.revocations.load(listed);
      for (const s of listed.sessions)
        options.onRevoked?.({ editorId: s.editorId, sessionId: s.sessionId, revokedAt: s.revokedAt });
      for (const e of listed.editors)
        options.onRevoked?.({ editorId: e.editorId, sessionId: null, revokedAt: e.validAfter });
      since = new Date(Date.parse(listed.asOf) - OVERLAP_MS).toISOString();
      if (failures > 0) log.warn('revocation list resynchronised with identity again');
      failures = 0;
    } catch (err) {
      failures += 1;
      if (failures === 1 || failures % 12 === 0)
        log.warn(
          { err: (err as Error).message, failures },
          'could not resynchronise revocations from identity',
        );
    }
  };
  const listener = await bus.broadcast({
    types: ['session.revoked', 'signing-keys.changed'],
    handler: async (event) => {
      if (isEvent(event, 'session.revoked')) {
        verifier.onIdentityEvent(event);
        options.onRevoked?.(event.data);
      } else if (isEvent(event, 'signing-keys.changed')) {
        await verifier.onIdentityEvent(event);
      }
    },
  });
  await resync();
  const timer = setInterval(() => void resync(), RESYNC_MS);
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await listener.close();
    },
  };
}
