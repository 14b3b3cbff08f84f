import type { Sharp, SharpOptions } from 'sharp';

type SharpFactory = (input?: Buffer, options?: SharpOptions) => Sharp;
let loaded: Promise<SharpFactory> | undefined;

/**
 * sharp (libvips), loaded on the first image rather than at start-up: its native module costs ~40 ms to
 * load, which every embedded start would pay before serving anything. Decoded images are not cached
 * between calls (each original is decoded once per rendition, and memory is the scarcer resource).
 */
export function loadSharp(): Promise<SharpFactory> {
  loaded ??= import('sharp').then(({ default: sharp }) => {
    sharp.cache(false);
    return sharp as unknown as SharpFactory;
  });
  return loaded;
}
