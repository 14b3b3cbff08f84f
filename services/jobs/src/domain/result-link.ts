import type { LinkSigner } from '@rcr/platform';
import type { StoredResult } from '../store/job-repository.ts';

/** The public path of a bucket object (`/v1/files/<key>`), the gateway route that serves it. */
export const FILES_PATH = '/v1/files/';

/** A signed, expiring link to a job's result, made fresh on each read of the job. */
export function resultLink(
  links: LinkSigner,
  result: StoredResult,
  ttlMs: number,
  now = Date.now(),
): { url: string; expiresAt: string } {
  const { expires, signature } = links.sign(result.key, ttlMs / 1000, now);
  return {
    url: `${FILES_PATH}${result.key}?expires=${expires}&signature=${encodeURIComponent(signature)}`,
    expiresAt: new Date(expires * 1000).toISOString(),
  };
}
