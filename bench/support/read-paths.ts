import type { ContentV1 } from '@rcr/contracts';
import { callUnary } from '@rcr/platform';
import { ServiceClients, type LoadTarget } from './loader.ts';

/**
 * Paths of public reads that miss the gateway's cache. The gateway has no switch to turn its cache off
 * (services/gateway/src/config.ts), and it keys answers by the request URL as sent. So a cold read adds
 * `publishedAfter` at a distinct instant long before any review (1990-01-01 plus n ms): the answer lists
 * the same reviews with the same total, only the URL (and the `links` echoing it) differs. The cost of
 * that: PostgreSQL also evaluates `published_at >= $x`, true for every row. The alternative without an
 * extra filter is `cursorChain`: every page of the newest-first list, each requested once.
 */

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
