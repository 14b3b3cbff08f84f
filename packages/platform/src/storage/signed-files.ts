import type { Readable } from 'node:stream';
import type { JobsV1 } from '@rcr/contracts';
import { errors } from '../errors.ts';
import { checkKey, type ObjectStore, type StoredObject } from './port.ts';
import type { LinkSigner } from './signed-links.ts';

/** The public path of a bucket object (`/v1/files/<key>`), the gateway route that serves it. */
export const FILES_PATH = '/v1/files/';

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
  /** The bytes under this key never change: anyone may cache them for long. */
  immutable: boolean;
}

/** How one service serves the files of its bucket by signed link. */
export interface SignedFiles {
  links: LinkSigner;
  bucket: ObjectStore;
  /** Keys this service serves at all; any other key is "not found" even with a genuine link. */
  serves: (key: string) => boolean;
  /** The download name of a key (generated files), or undefined to show it inline. */
  attachmentName?: ((key: string) => string | undefined) | undefined;
  /** Whether the bytes under served keys never change (random, never reused names). */
  immutable?: boolean | undefined;
}

/** Errors of file links (the same codes from every service that serves files). */
export const fileErrors = {
  /** The link's signature does not match its key and expiry (or it is missing or malformed). */
  linkInvalid: () => errors.forbidden('LINK_INVALID', 'the link is not valid: its signature does not match'),
  /** A genuine link whose time is over: ask for a new one. */
  linkExpired: () => errors.forbidden('LINK_EXPIRED', 'the link has expired; ask for a new one'),
  /** The link is genuine but the file is no longer in the bucket. */
  fileNotFound: () => errors.notFound('FILE_NOT_FOUND', 'the file does not exist (any more)'),
};

/** A signed, expiring link to `key`: its URL on the gateway and when it expires. */
export function signedFileUrl(
  links: LinkSigner,
  key: string,
  ttlSeconds: number,
  now = Date.now(),
): { url: string; expiresAt: string; expires: number } {
  const { expires, signature } = links.sign(key, ttlSeconds, now);
  return {
    url: `${FILES_PATH}${key}?expires=${expires}&signature=${encodeURIComponent(signature)}`,
    expiresAt: new Date(expires * 1000).toISOString(),
    expires,
  };
}

/**
 * Checks a link before anything else is looked at: the signature first (a forged link is refused
 * whatever its expiry or key), then the expiry, then the key's form (the port's rule: no traversal, no
 * odd characters) and whether this service serves it — so nothing about the bucket is learned without a
 * genuine, live link.
 */
function checkLink(files: SignedFiles, link: FileLink, now: number): number {
  const verdict = files.links.check(link.key, link.expires, link.signature, now);
  if (verdict === 'forged') throw fileErrors.linkInvalid();
  if (verdict === 'expired') throw fileErrors.linkExpired();
  checkKey(link.key);
  if (!files.serves(link.key)) throw fileErrors.fileNotFound();
  return Number(link.expires);
}

function describe(files: SignedFiles, object: StoredObject, expires: number): FileDescription {
  return {
    object,
    expires,
    attachmentName: files.attachmentName?.(object.key),
    immutable: files.immutable ?? false,
  };
}

/** The description of the file a link points to (HEAD). */
export async function describeFile(
  files: SignedFiles,
  link: FileLink,
  now = Date.now(),
): Promise<FileDescription> {
  const expires = checkLink(files, link, now);
  const object = await files.bucket.head(link.key);
  if (!object) throw fileErrors.fileNotFound();
  return describe(files, object, expires);
}

/** The file a link points to, described, with a stream of its bytes (GET). */
export async function openFile(
  files: SignedFiles,
  link: FileLink,
  now = Date.now(),
): Promise<FileDescription & { body: Readable }> {
  const expires = checkLink(files, link, now);
  const found = await files.bucket.get(link.key);
  if (!found) throw fileErrors.fileNotFound();
  return { ...describe(files, found.object, expires), body: found.body };
}

function fileInfo(file: FileDescription): JobsV1.FileInfo {
  return {
    key: file.object.key,
    contentType: file.object.contentType,
    size: file.object.size,
    etag: file.object.etag,
    lastModified: file.object.lastModified.toISOString(),
    expires: file.expires,
    attachmentName: file.attachmentName ?? '',
    immutable: file.immutable,
  };
}

function linkOf(request: JobsV1.FileRequest__Output): FileLink {
  return { key: request.key, expires: request.expires, signature: request.signature };
}

/**
 * The `StatFile` and `ReadFile` rpcs of a service that serves bucket files by signed link (the
 * messages of jobs.proto, which media.proto reuses): the description, then the bytes as they are read.
 */
export function signedFileHandlers(files: SignedFiles): {
  StatFile: (request: JobsV1.FileRequest__Output) => Promise<JobsV1.FileInfo>;
  ReadFile: (request: JobsV1.FileRequest__Output) => AsyncIterable<JobsV1.FileChunk>;
} {
  return {
    StatFile: async (request) => fileInfo(await describeFile(files, linkOf(request))),
    ReadFile: async function* (request) {
      const file = await openFile(files, linkOf(request));
      try {
        yield { info: fileInfo(file) };
        for await (const chunk of file.body as AsyncIterable<Buffer>) yield { data: chunk };
      } finally {
        file.body.destroy();
      }
    },
  };
}
