import type { Readable } from 'node:stream';
import { checkKey, type StoredObject } from '@rcr/platform';
import type { JobsDeps } from './deps.ts';
import { jobsErrors } from './errors.ts';

/** A signed link's parts as they arrived (untrusted). */
export interface FileLink {
  key: string;
  expires: string;
  signature: string;
}

/** What the edge needs to answer for a file: its description, the link's expiry and how to offer it. */
export interface FileDescription {
  object: StoredObject;
  /** Unix seconds when the link stops working. */
  expires: number;
  /** Offered as a download under this name (generated files); undefined: shown inline. */
  attachmentName: string | undefined;
}

/**
 * Checks a link before anything else is looked at: the signature first (a forged link is refused
 * whatever its expiry or key), then the expiry, then the key's form (the port's rule: no traversal, no
 * odd characters) — so nothing about the bucket is learned without a genuine, live link.
 */
function checkLink(deps: Pick<JobsDeps, 'links'>, link: FileLink, now: number): number {
  const verdict = deps.links.check(link.key, link.expires, link.signature, now);
  if (verdict === 'forged') throw jobsErrors.linkInvalid();
  if (verdict === 'expired') throw jobsErrors.linkExpired();
  checkKey(link.key);
  return Number(link.expires);
}

/** Generated files are downloads; their name is the key's last segment. */
function attachmentNameOf(key: string): string | undefined {
  const generated = key.startsWith('exports/') || key.startsWith('reports/');
  return generated ? key.slice(key.lastIndexOf('/') + 1) : undefined;
}

/** The description of the file a link points to (HEAD). */
export async function describeFile(
  deps: Pick<JobsDeps, 'links' | 'bucket'>,
  link: FileLink,
  now = Date.now(),
): Promise<FileDescription> {
  const expires = checkLink(deps, link, now);
  const object = await deps.bucket.head(link.key);
  if (!object) throw jobsErrors.fileNotFound();
  return { object, expires, attachmentName: attachmentNameOf(link.key) };
}

/** The file a link points to, described, with a stream of its bytes (GET). */
export async function openFile(
  deps: Pick<JobsDeps, 'links' | 'bucket'>,
  link: FileLink,
  now = Date.now(),
): Promise<FileDescription & { body: Readable }> {
  const expires = checkLink(deps, link, now);
  const found = await deps.bucket.get(link.key);
  if (!found) throw jobsErrors.fileNotFound();
  return { object: found.object, body: found.body, expires, attachmentName: attachmentNameOf(link.key) };
}
