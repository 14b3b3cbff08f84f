import type { MediaV1 } from '@rcr/contracts';
import { AppError } from '@rcr/platform';
import { describe, expect, it } from 'vitest';
import { readUpload, readUploadMeta } from './read-upload.ts';

const PNG_HEAD = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]);
const PNG_END = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/** An upload's data messages that counts how many were pulled. */
function upload(chunks: Buffer[]) {
  const pulled = { count: 0 };
  async function* messages(): AsyncGenerator<MediaV1.UploadChunk__Output> {
    for (const data of chunks) {
      pulled.count += 1;
      yield { data, part: 'data' } as MediaV1.UploadChunk__Output;
    }
  }
  return { iterator: messages(), pulled };
}

async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(AppError);
  return err as AppError;
}

describe('readUpload', () => {
  it('accepts a complete image within the limit, in any chunking', async () => {
    const file = Buffer.concat([PNG_HEAD, Buffer.alloc(100), PNG_END]);
    const { iterator } = upload([file.subarray(0, 3), file.subarray(3, 50), file.subarray(50)]);
    const read = await readUpload(iterator, 'image/png', 1000);
    expect(read.type).toBe('image/png');
    expect(read.file.equals(file)).toBe(true);
  });

  it('refuses a non-image at its first bytes and reads no further (415)', async () => {
    const { iterator, pulled } = upload([
      Buffer.from('<svg xmlns="http://www.w3.org/2000/svg">'),
      Buffer.alloc(100),
      Buffer.alloc(100),
    ]);
    const err = await refusal(readUpload(iterator, 'image/png', 10_000));
    expect([err.kind, err.code]).toEqual(['unsupported-media-type', 'IMAGE_TYPE_UNSUPPORTED']);
    expect(pulled.count).toBe(1);
  });

  it('refuses at the chunk that passes the limit, holding no more than the limit (413)', async () => {
    const { iterator, pulled } = upload([PNG_HEAD, Buffer.alloc(500), Buffer.alloc(500), Buffer.alloc(500)]);
    const err = await refusal(readUpload(iterator, 'image/png', 1000));
    expect([err.kind, err.code]).toEqual(['too-large', 'IMAGE_TOO_LARGE']);
    expect(pulled.count).toBe(3);
  });

  it('an image of exactly the limit passes', async () => {
    const file = Buffer.concat([PNG_HEAD, Buffer.alloc(76), PNG_END]);
    const read = await readUpload(upload([file]).iterator, '', file.length);
    expect(read.file.length).toBe(100);
  });

  it('refuses empty and tiny uploads, wrong declared types and truncated files (415)', async () => {
    expect((await refusal(readUpload(upload([]).iterator, 'image/png', 1000))).code).toBe(
      'IMAGE_TYPE_UNSUPPORTED',
    );
    expect((await refusal(readUpload(upload([PNG_HEAD.subarray(0, 8)]).iterator, '', 1000))).code).toBe(
      'IMAGE_TYPE_UNSUPPORTED',
    );
    const whole = Buffer.concat([PNG_HEAD, Buffer.alloc(10), PNG_END]);
    expect((await refusal(readUpload(upload([whole]).iterator, 'text/html', 1000))).code).toBe(
      'IMAGE_TYPE_MISMATCH',
    );
    expect((await refusal(readUpload(upload([whole.subarray(0, 20)]).iterator, '', 1000))).code).toBe(
      'IMAGE_CORRUPT',
    );
  });
});

describe('readUploadMeta', () => {
  it('refuses an upload that does not start with its metadata', async () => {
    const err = await refusal(readUploadMeta(upload([PNG_HEAD]).iterator));
    expect(err.code).toBe('VALIDATION_FAILED');
  });
});
