import { describe, expect, it } from 'vitest';
import { declaredTypeAgrees, incompleteness, sniffImageType } from './sniff.ts';

const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  Buffer.from('0000000d49484452', 'hex'),
  Buffer.alloc(17),
  Buffer.from([0, 0, 0, 0, 0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82]),
]);
const jpeg = Buffer.concat([
  Buffer.from([0xff, 0xd8, 0xff, 0xe0]),
  Buffer.alloc(20),
  Buffer.from([0xff, 0xd9]),
]);
function webp(bodyBytes: number, extra = 0): Buffer {
  const file = Buffer.alloc(12 + bodyBytes + extra);
  file.write('RIFF', 0, 'latin1');
  file.writeUInt32LE(4 + bodyBytes, 4);
  file.write('WEBP', 8, 'latin1');
  return file;
}

describe('sniffImageType', () => {
  it('recognises JPEG, PNG and WebP by their first bytes', () => {
    expect(sniffImageType(jpeg)).toBe('image/jpeg');
    expect(sniffImageType(png)).toBe('image/png');
    expect(sniffImageType(webp(8))).toBe('image/webp');
  });

  it('refuses SVG, HTML, GIF, PDF, text, RIFF that is not WebP, and too few bytes', () => {
    for (const text of [
      '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
      '<!DOCTYPE html><html><script>alert(1)</script>',
      '<?xml version="1.0"?><svg/>',
      'GIF89a\x01\x00\x01\x00\x00\x00\x00',
      '%PDF-1.7 and more bytes',
      'just some text here',
      'RIFF\x04\x00\x00\x00WAVEfmt ',
    ]) {
      expect(sniffImageType(Buffer.from(text, 'latin1')), text).toBeUndefined();
    }
    expect(sniffImageType(Buffer.alloc(0))).toBeUndefined();
    expect(sniffImageType(jpeg.subarray(0, 11))).toBeUndefined();
    // Leading whitespace or a BOM before a signature is not that type.
    expect(sniffImageType(Buffer.concat([Buffer.from(' '), png]))).toBeUndefined();
  });

  it('reads a view into a larger buffer at its own offset', () => {
    const pooled = Buffer.concat([Buffer.from('xxxx'), png]);
    expect(sniffImageType(pooled.subarray(4))).toBe('image/png');
  });
});

describe('incompleteness', () => {
  it('accepts files that end where their format says', () => {
    expect(incompleteness('image/jpeg', jpeg)).toBeUndefined();
    expect(incompleteness('image/png', png)).toBeUndefined();
    expect(incompleteness('image/webp', webp(8))).toBeUndefined();
  });

  it('refuses truncated files', () => {
    expect(incompleteness('image/jpeg', jpeg.subarray(0, jpeg.length - 1))).toMatch(/end-of-image/);
    expect(incompleteness('image/png', png.subarray(0, png.length - 4))).toMatch(/IEND/);
    expect(incompleteness('image/webp', webp(8).subarray(0, 16))).toMatch(/header says 20/);
  });

  it('refuses polyglots: a document appended after the image', () => {
    const html = Buffer.from('<html><script>alert(document.cookie)</script></html>');
    expect(incompleteness('image/jpeg', Buffer.concat([jpeg, html]))).toBeDefined();
    expect(incompleteness('image/png', Buffer.concat([png, html]))).toBeDefined();
    expect(incompleteness('image/webp', webp(8, 10))).toBeDefined();
  });
});

describe('declaredTypeAgrees', () => {
  it('accepts the sniffed type, a generic type or none', () => {
    expect(declaredTypeAgrees('image/png', 'image/png')).toBe(true);
    expect(declaredTypeAgrees('IMAGE/PNG; name=x', 'image/png')).toBe(true);
    expect(declaredTypeAgrees('image/jpg', 'image/jpeg')).toBe(true);
    expect(declaredTypeAgrees('application/octet-stream', 'image/webp')).toBe(true);
    expect(declaredTypeAgrees('', 'image/webp')).toBe(true);
  });

  it('refuses any other declared type', () => {
    expect(declaredTypeAgrees('text/html', 'image/jpeg')).toBe(false);
    expect(declaredTypeAgrees('image/svg+xml', 'image/png')).toBe(false);
    expect(declaredTypeAgrees('image/png', 'image/jpeg')).toBe(false);
  });
});
