import type { MediaV1 } from '@rcr/contracts';
import { mediaErrors } from './errors.ts';
import { declaredTypeAgrees, incompleteness, sniffImageType, SNIFF_BYTES, type ImageType } from './sniff.ts';

/** What an upload said about itself (untrusted, checked). */
export interface UploadMeta {
  reviewId: string;
  declaredType: string;
  fileName: string;
}

/** An upload read whole and checked: a complete JPEG, PNG or WebP of at most the size limit. */
export interface ReadUpload {
  type: ImageType;
  file: Buffer;
}

/** The upload's first message: what it is for (anything else first is a malformed call). */
export async function readUploadMeta(
  messages: AsyncIterator<MediaV1.UploadChunk__Output>,
): Promise<UploadMeta> {
  const first = await messages.next();
  const meta = first.done ? undefined : first.value.meta;
  if (!meta) throw mediaErrors.validationFailed([{ field: 'file', message: 'the upload has no metadata' }]);
  return { reviewId: meta.reviewId, declaredType: meta.declaredType, fileName: meta.fileName };
}

/**
 * Reads the rest of an upload, refusing as soon as it can: the type from the first SNIFF_BYTES bytes
 * (415, nothing more is read), the size the moment the bytes pass `maxBytes` (413, nothing more is
 * read); then, whole, whether it agrees with its declared type and ends where its format says (415).
 * At most `maxBytes` are ever held.
 */
export async function readUpload(
  messages: AsyncIterator<MediaV1.UploadChunk__Output>,
  declaredType: string,
  maxBytes: number,
): Promise<ReadUpload> {
  const chunks: Buffer[] = [];
  let total = 0;
  let type: ImageType | undefined;
  for (;;) {
    const next = await messages.next();
    if (next.done) break;
    const data = next.value.data;
    if (!data || data.length === 0) continue;
    total += data.length;
    if (total > maxBytes) throw mediaErrors.tooLarge(maxBytes);
    chunks.push(data);
    if (!type && total >= SNIFF_BYTES) {
      type = sniffImageType(Buffer.concat(chunks).subarray(0, SNIFF_BYTES));
      if (!type) throw mediaErrors.unsupportedType();
    }
  }
  if (!type) throw mediaErrors.unsupportedType();
  if (!declaredTypeAgrees(declaredType, type)) throw mediaErrors.typeMismatch(declaredType, type);
  const file = Buffer.concat(chunks, total);
  const why = incompleteness(type, file);
  if (why) throw mediaErrors.corrupt(why);
  return { type, file };
}
