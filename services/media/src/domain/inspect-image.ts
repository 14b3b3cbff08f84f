import type { Metadata } from 'sharp';
import { mediaErrors } from './errors.ts';
import { loadSharp } from './sharp.ts';
import type { ImageType } from './sniff.ts';

const FORMAT_OF: Record<ImageType, string> = {
  'image/jpeg': 'jpeg',
  'image/png': 'png',
  'image/webp': 'webp',
};

/**
 * An image's dimensions, read from its header only (nothing is decoded): the header must parse as the
 * sniffed format, and announce at most `maxPixels` pixels — a decompression bomb (a small file whose
 * header claims, say, 100 000 × 100 000 pixels) is refused here, before any decoder sees it (413).
 */
export async function inspectImage(
  file: Buffer,
  type: ImageType,
  maxPixels: number,
): Promise<{ width: number; height: number }> {
  const sharp = await loadSharp();
  let metadata: Metadata;
  try {
    metadata = await sharp(file, { limitInputPixels: false, failOn: 'error' }).metadata();
  } catch {
    // Not the decoder's own message: it names the library and its internals.
    throw mediaErrors.corrupt('its header does not parse');
  }
  const { format, width, height } = metadata;
  if (format !== FORMAT_OF[type])
    throw mediaErrors.corrupt(`its header is ${format ?? 'unknown'}, not ${type}`);
  if (!width || !height) throw mediaErrors.corrupt('its header has no dimensions');
  if (width * height > maxPixels) throw mediaErrors.tooManyPixels(width, height, maxPixels);
  return { width, height };
}
