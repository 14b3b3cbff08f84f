import type { RcrEvent } from '@rcr/contracts';
import { newEvent } from '../src/outbox.ts';

/** A valid catalog event (`camera.created`) with a fresh id; `n` makes its payload recognisable. */
export function cameraCreated(n: number): RcrEvent<'camera.created'> {
  return newEvent('platform-test', 'camera.created', `cam-${n}`, {
    cameraId: `cam-${n}`,
    brand: 'Fujifilm',
    model: `X-${n}`,
    type: 'mirrorless',
    specs: { megapixels: 40 },
    version: 1,
  });
}

/** Polls `check` until it stops throwing (returns its value) or rethrows its last error after `timeoutMs`. */
export async function eventually<T>(check: () => T | Promise<T>, timeoutMs = 5000, everyMs = 10): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await sleep(everyMs);
    }
  }
}

/** Resolves after `ms` milliseconds. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A short random suffix for table and group names, so tests sharing a database or bus never collide. */
export function unique(prefix: string): string {
  return `${prefix}_${Math.random().toString(36).slice(2, 10)}`;
}
