import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyRing } from '../secrets.ts';
import { LinkSigner, MAX_LINK_TTL_SECONDS } from './signed-links.ts';

const ring = (...kids: string[]) =>
  KeyRing.parse(kids.map((kid) => `${kid}:${randomBytes(32).toString('base64')}`).join(','));
const NOW = Date.parse('2026-11-30T12:00:00Z');

describe('LinkSigner', () => {
  const signer = new LinkSigner(ring('k1').macKeys('file links'));

  it('when a link is checked before it expires, then it is valid', () => {
    const link = signer.sign('reviews/r1/images/a.jpg', 600, NOW);

    expect(link.expires).toBe(NOW / 1000 + 600);
    expect(signer.check('reviews/r1/images/a.jpg', String(link.expires), link.signature, NOW + 599_000)).toBe(
      'valid',
    );
  });

  it('when the expiry has passed, then the link is expired', () => {
    const link = signer.sign('exports/j1.csv', 60, NOW);

    expect(signer.check('exports/j1.csv', String(link.expires), link.signature, NOW + 60_000)).toBe(
      'expired',
    );
  });

  it.each([
    ['another key', (l: { e: string; s: string }) => ['exports/j2.csv', l.e, l.s]],
    ['a later expiry', (l: { e: string; s: string }) => ['exports/j1.csv', String(Number(l.e) + 3600), l.s]],
    [
      'a changed signature',
      (l: { e: string; s: string }) => ['exports/j1.csv', l.e, `${l.s.slice(0, -2)}AA`],
    ],
    ['an unknown key id', (l: { e: string; s: string }) => ['exports/j1.csv', l.e, `k9${l.s.slice(2)}`]],
    ['no signature', (l: { e: string; s: string }) => ['exports/j1.csv', l.e, undefined]],
    ['a non-numeric expiry', (l: { e: string; s: string }) => ['exports/j1.csv', `${l.e}.5`, l.s]],
    ['an array parameter', (l: { e: string; s: string }) => ['exports/j1.csv', [l.e], l.s]],
    ['a huge signature', (l: { e: string; s: string }) => ['exports/j1.csv', l.e, `k1.${'A'.repeat(5000)}`]],
  ] as const)('when a link has %s, then it is forged, even before it expires', (_, tamper) => {
    const link = signer.sign('exports/j1.csv', 600, NOW);
    const [key, expires, signature] = tamper({ e: String(link.expires), s: link.signature });

    expect(signer.check(key as string, expires, signature, NOW)).toBe('forged');
  });

  it('when a forged link has also expired, then it is forged (the signature is checked first)', () => {
    const link = signer.sign('exports/j1.csv', 1, NOW);

    expect(signer.check('exports/j2.csv', String(link.expires), link.signature, NOW + 3_600_000)).toBe(
      'forged',
    );
  });

  it('when the key ring rotates, then old links still check and new ones are signed by the new key', () => {
    const before = ring('old');
    const oldLink = new LinkSigner(before.macKeys('file links')).sign('a/b', 600, NOW);
    const rotated = KeyRing.parse(`new:${randomBytes(32).toString('base64')}`);
    // The rotated ring lists the new key first and keeps the old one.
    const both = new LinkSigner([...rotated.macKeys('file links'), ...before.macKeys('file links')]);

    expect(both.check('a/b', String(oldLink.expires), oldLink.signature, NOW)).toBe('valid');
    expect(both.sign('a/b', 600, NOW).signature.startsWith('new.')).toBe(true);
  });

  it('when keys are derived for two purposes, then a link signed for one does not check for the other', () => {
    const keys = ring('k1');
    const links = new LinkSigner(keys.macKeys('file links'));
    const other = new LinkSigner(keys.macKeys('something else'));
    const link = links.sign('a/b', 600, NOW);

    expect(other.check('a/b', String(link.expires), link.signature, NOW)).toBe('forged');
  });

  it('when a link is asked for longer than the longest life, then it lives the longest life', () => {
    const link = signer.sign('a/b', 10 * MAX_LINK_TTL_SECONDS, NOW);

    expect(link.expires).toBe(NOW / 1000 + MAX_LINK_TTL_SECONDS);
  });
});
