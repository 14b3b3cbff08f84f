import { AsyncLocalStorage } from 'node:async_hooks';
import type { EventActor } from '@rcr/contracts';

/**
 * Who the code running now acts for. The gRPC runtime sets it for every call from the caller the
 * gateway's internal token names, and the outbox stamps it on every event that call emits (`actor` in
 * the envelope), so no use case has to pass it along; consumers applying events run as the system (null).
 */
const acting = new AsyncLocalStorage<EventActor | null>();

/** Runs `fn` on behalf of `actor` (null: the system itself); events emitted inside it record who. */
export function actingFor<T>(actor: EventActor | null, fn: () => T): T {
  return acting.run(actor, fn);
}

/** The caller the running code acts for, or null outside any call (the system). */
export function currentActor(): EventActor | null {
  return acting.getStore() ?? null;
}
