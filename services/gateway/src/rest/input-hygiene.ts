import { errors } from '@rcr/platform';
import type { RestApp } from './app-types.ts';

/** The dotted path of the first string holding a NUL character, if any. */
function findNul(value: unknown, path: string, depth = 0): string | undefined {
  if (typeof value === 'string') return value.includes('\u0000') ? path : undefined;
  // Raw bytes kept for a signature check (the inbound feed) are checked where they are parsed.
  if (Buffer.isBuffer(value)) return undefined;
  if (depth > 32 || value === null || typeof value !== 'object') return undefined;
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    const found = key.includes('\u0000') ? path : findNul(item, path ? `${path}.${key}` : key, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/**
 * Rejects NUL characters anywhere in the path parameters, query or body with a 400 naming the field:
 * no database text type can store them, so they would otherwise fail deep inside a service.
 */
export function installInputHygiene(app: RestApp): void {
  app.addHook('preValidation', async (request) => {
    for (const [part, value] of [
      ['params', request.params],
      ['query', request.query],
      ['body', request.body],
    ] as const) {
      const field = findNul(value, '');
      if (field !== undefined) {
        throw errors.invalid('VALIDATION_FAILED', `the request ${part} contains a NUL character`, [
          { field: field || part, message: 'must not contain NUL (\\u0000) characters' },
        ]);
      }
    }
  });
}
