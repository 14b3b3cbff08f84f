import type { ContentV1 } from '@rcr/contracts';
import { callUnary } from '@rcr/platform';
import { ServiceClients, type LoadTarget } from './loader.ts';

/**
 * How reads miss the gateway's cache. `MISS_HEADERS`: the request says `Cache-Control: no-cache`
 * (RFC 9111), which the gateway honours like a shared cache: no lookup, the read model answers and the
 * answer is stored, as on any miss — the same URL and the same SQL as a reader's first request.
 * `uniquePaths` is the older way, kept for comparison: a distinct no-op `publishedAfter` (1990-01-01
 * plus n ms) per request; the answer lists the same reviews, but content then runs a filtered list
 * (`published_at >= $x` on every row, and a counted total instead of the kept counter).
 * `cursorChain` gives every page of the newest-first list.
 */

export const MISS_HEADERS: Readonly<Record<string, string>> = { 'cache-control': 'no-cache' };

const EPOCH = Date.UTC(1990, 0, 1);

/** `base` (a path with a query) made unique on every call by a no-op `publishedAfter`. */
export function uniquePaths(base: string): () => string {
  let n = 0;
  const join = base.includes('?') ? '&' : '?';
  return () => `${base}${join}publishedAfter=${new Date(EPOCH + n++).toISOString()}`;
}

/**
 * The `next_cursor` of every page of the newest-first list of `limit` (at most `maxPages`), asked of
 * content over gRPC, so the gateway's cache stays cold. Index i is the cursor of page i + 2.
 */
export async function cursorChain(target: LoadTarget, limit: number, maxPages: number): Promise<string[]> {
  const clients = new ServiceClients(target);
  try {
    const cursors: string[] = [];
    let cursor: string | undefined;
    while (cursors.length < maxPages) {
      const page: ContentV1.ContentList__Output = await callUnary(
        clients.content,
        clients.content.ListContent,
        { limit, ...(cursor ? { cursor } : {}) },
        { timeoutMs: 30_000 },
      );
      if (!page.nextCursor) break;
      cursor = page.nextCursor;
      cursors.push(cursor);
    }
    return cursors;
  } finally {
    clients.close();
  }
}
