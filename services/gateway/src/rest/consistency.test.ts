import { describe, expect, it } from 'vitest';
import {
  ConsistencyTokens,
  generateConsistencyKey,
  MAX_TOKEN_WATERMARKS,
  TOKEN_TTL_SECONDS,
} from './consistency.ts';

const mark = { kind: 'review' as const, id: 'r1', version: 3 };
const invalid = expect.objectContaining({ code: 'CONSISTENCY_TOKEN_INVALID' });

describe('ConsistencyTokens', () => {
  it('when a token it issued comes back, then it names the writer and the versions', async () => {
    const tokens = new ConsistencyTokens(generateConsistencyKey());

    const token = await tokens.issue('editor-1', [mark, { kind: 'camera', id: 'c1', version: 1 }]);

    expect(await tokens.check(token)).toEqual({
      state: 'valid',
      writer: 'editor-1',
      watermarks: [mark, { kind: 'camera', id: 'c1', version: 1 }],
    });
  });

  it('when any part of a token is changed, then it is CONSISTENCY_TOKEN_INVALID', async () => {
    const tokens = new ConsistencyTokens(generateConsistencyKey());
    const [header, payload, signature] = (await tokens.issue('editor-1', [mark])).split('.') as [
      string,
      string,
      string,
    ];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString()) as Record<string, unknown>;
    const edited = (change: Record<string, unknown>) =>
      `${header}.${Buffer.from(JSON.stringify({ ...claims, ...change })).toString('base64url')}.${signature}`;

    for (const forged of [
      edited({ w: [['r', 'r1', 999_999]] }),
      edited({ sub: 'editor-2' }),
      edited({ exp: (claims.exp as number) + 3600 }),
      `${header}.${payload}.${signature.startsWith('A') ? 'B' : 'A'}${signature.slice(1)}`,
      `${header}.${payload}.`,
      'garbage',
      '',
    ]) {
      await expect(tokens.check(forged)).rejects.toThrow(invalid);
    }
  });

  it('when a token was signed with a key this gateway does not hold, then it is CONSISTENCY_TOKEN_INVALID', async () => {
    const elsewhere = await new ConsistencyTokens(generateConsistencyKey()).issue('editor-1', [mark]);

    await expect(new ConsistencyTokens(generateConsistencyKey()).check(elsewhere)).rejects.toThrow(invalid);
  });

  it('when keys are rotated (new first, old second), then tokens of the old key are still accepted and new ones use the new key', async () => {
    const [oldKey, newKey] = [generateConsistencyKey(), generateConsistencyKey()];
    const before = await new ConsistencyTokens(oldKey).issue('editor-1', [mark]);
    const rotated = new ConsistencyTokens(`${newKey},${oldKey}`);

    expect(await rotated.check(before)).toMatchObject({ state: 'valid' });
    const after = await rotated.issue('editor-1', [mark]);
    expect(await new ConsistencyTokens(newKey).check(after)).toMatchObject({ state: 'valid' });
  });

  it('when a token is older than its lifetime, then it is expired (not invalid)', async () => {
    const tokens = new ConsistencyTokens(generateConsistencyKey());

    const old = await tokens.issue('editor-1', [mark], Date.now() - (TOKEN_TTL_SECONDS + 60) * 1000);

    expect(await tokens.check(old)).toEqual({ state: 'expired' });
  });

  it('when a key is shorter than 32 bytes or a token would carry too many watermarks, then it refuses', async () => {
    expect(() => new ConsistencyTokens(Buffer.alloc(16).toString('base64url'))).toThrow(/32 bytes/);
    const tokens = new ConsistencyTokens(generateConsistencyKey());
    const many = Array.from({ length: MAX_TOKEN_WATERMARKS + 1 }, (_, i) => ({ ...mark, id: `r${i}` }));

    expect(() => tokens.issue('editor-1', many)).toThrow(/watermarks/);
    expect(() => tokens.issue('editor-1', [])).toThrow(/watermarks/);
  });
});
