/** The image types an upload may be, named by their media type. */
export const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp'] as const;
export type ImageType = (typeof IMAGE_TYPES)[number];

/** Bytes the type is decided on: enough for the longest signature (WebP's `RIFF....WEBP`). */
export const SNIFF_BYTES = 12;

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** A PNG's last chunk: length 0, type IEND, its CRC. */
const PNG_IEND = Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]);

/**
 * The image type of a file by its first bytes (magic numbers), never by its name or declared type:
 * JPEG (`FF D8 FF`), PNG (its 8-byte signature) or WebP (`RIFF<size>WEBP`). Anything else — SVG, HTML,
 * GIF, PDF, text, fewer than SNIFF_BYTES bytes — is undefined.
 */
export function sniffImageType(head: Uint8Array): ImageType | undefined {
  const bytes = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (bytes.length < SNIFF_BYTES) return undefined;
  if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'image/jpeg';
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    return 'image/webp';
  }
  return undefined;
}

/**
 * Why a whole file of a sniffed type is not one complete image, or undefined when it is: it must end
 * where its format says it ends — a JPEG with its end-of-image marker (`FF D9`), a PNG with its IEND
 * chunk, a WebP at the length its RIFF header announces. So a truncated upload is refused, and so is a
 * polyglot that hides another document (HTML, a ZIP) after the image.
 */
export function incompleteness(type: ImageType, file: Buffer): string | undefined {
  switch (type) {
    case 'image/jpeg':
      return file.length >= 4 && file[file.length - 2] === 0xff && file[file.length - 1] === 0xd9
        ? undefined
        : 'the JPEG does not end with its end-of-image marker (truncated, or something follows it)';
    case 'image/png':
      return file.length >= PNG_SIGNATURE.length + PNG_IEND.length &&
        file.subarray(file.length - PNG_IEND.length).equals(PNG_IEND)
        ? undefined
        : 'the PNG does not end with its IEND chunk (truncated, or something follows it)';
    case 'image/webp': {
      const announced = file.readUInt32LE(4) + 8;
      return announced === file.length
        ? undefined
        : `the WebP is ${file.length} bytes but its header says ${announced} (truncated, or something follows it)`;
    }
  }
}

/**
 * Whether a declared Content-Type agrees with the sniffed type: the same type (parameters and case
 * aside), or none in particular (`application/octet-stream`, empty). A file declared as something else —
 * `text/html`, `image/svg+xml`, or another image type — is refused rather than believed or ignored.
 */
export function declaredTypeAgrees(declared: string, sniffed: ImageType): boolean {
  const bare = declared.split(';')[0]?.trim().toLowerCase() ?? '';
  if (bare === '' || bare === 'application/octet-stream') return true;
  return bare === sniffed || (sniffed === 'image/jpeg' && bare === 'image/jpg');
}
