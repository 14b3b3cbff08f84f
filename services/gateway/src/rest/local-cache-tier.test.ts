import { describe, expect, it } from 'vitest';
import { toXml } from './negotiation.ts';
import {
  assembleBody,
  decodeAnswer,
  encodeAnswer,
  LocalCacheTier,
  splitBody,
  type CachedAnswer,
} from './local-cache-tier.ts';

const TS = '2026-11-30T10:00:00.000Z';

/** An envelope as the routes write it, with a request id and a timestamp in `meta`. */
function envelope(requestId: string, data: unknown) {
  return { data, meta: { requestId, timestamp: TS, page: 1 }, links: { self: '/v1/content?page=1' } };
}

function answerOf(body: string, requestId: string, expiresAt = Number.MAX_SAFE_INTEGER): CachedAnswer {
  const parts = splitBody(body, requestId);
  if (!parts) throw new Error('not splittable');
  return {
    ...parts,
    etag: '"e"',
    contentType: 'application/json',
    cacheControl: 'public',
    storedAt: 0,
    expiresAt,
  };
}

describe('cached answer bodies', () => {
  it('when a JSON envelope is split and reassembled, then only the request id and timestamp change', () => {
    const body = JSON.stringify(envelope('first', [{ title: 'Una cámara "rápida"', id: 'first' }]));
    const answer = answerOf(body, 'first');
    const again = JSON.parse(assembleBody(answer, 'second', '2027-01-01T00:00:00.000Z').toString()) as {
      data: unknown;
      meta: { requestId: string; timestamp: string };
    };
    expect(again.meta).toEqual({ requestId: 'second', timestamp: '2027-01-01T00:00:00.000Z', page: 1 });
    expect(again.data).toEqual([{ title: 'Una cámara "rápida"', id: 'first' }]);
  });

  it('when the client chose a request id that also appears in the data, then the data is left alone', () => {
    const tricky = '"requestId":"x","timestamp":"';
    const body = JSON.stringify(envelope('x', { text: tricky, other: 'x' }));
    const answer = answerOf(body, 'x');
    const again = JSON.parse(assembleBody(answer, 'y', TS).toString()) as {
      data: { text: string; other: string };
      meta: { requestId: string };
    };
    expect(again.data).toEqual({ text: tricky, other: 'x' });
    expect(again.meta.requestId).toBe('y');
  });

  it('when an XML envelope is split and reassembled, then it carries the new request id', () => {
    const body = toXml(envelope('req-1', { title: '<requestId>req-1</requestId>' }), false);
    const xml = assembleBody(answerOf(body, 'req-1'), 'req-2', TS).toString();
    expect(xml).toContain('<requestId>req-2</requestId>');
    expect(xml).toContain('&lt;requestId&gt;req-1&lt;/requestId&gt;');
  });

  it('when a body has no envelope meta, then it is not split (and so not cached)', () => {
    expect(splitBody('{"keys":[]}', 'id')).toBeUndefined();
  });

  it('when an answer goes through the shared tier encoding, then it comes back equal', () => {
    const answer = answerOf(JSON.stringify(envelope('a', { n: 1 })), 'a', 123);
    expect(decodeAnswer(encodeAnswer(answer))).toEqual(answer);
    expect(decodeAnswer(encodeAnswer(answer).subarray(0, 40))).toBeUndefined();
    expect(decodeAnswer(Buffer.from('{"etag":1}'))).toBeUndefined();
    expect(decodeAnswer(Buffer.from('not json'))).toBeUndefined();
  });

  it('when the body comes as bytes passed through from upstream, then it splits as its text would', () => {
    const body = JSON.stringify(envelope('b', [{ title: 'Ñandú "raro"' }]));
    expect(splitBody(Buffer.from(body), 'b')).toEqual(splitBody(body, 'b'));
    const again = assembleBody(answerOf(body, 'b'), 'c', TS).toString();
    expect(again).toBe(body.replace('"requestId":"b"', '"requestId":"c"'));
  });
});

describe('local cache tier', () => {
  const sized = (kb: number, expiresAt = Number.MAX_SAFE_INTEGER) =>
    answerOf(JSON.stringify(envelope('r', 'x'.repeat(kb * 1024))), 'r', expiresAt);

  it('when entries exceed the byte budget, then the least recently used go first', () => {
    const tier = new LocalCacheTier(10 * 1024);
    tier.set('a', sized(4));
    tier.set('b', sized(4));
    expect(tier.get('a', 0)).toBeDefined(); // a is now the most recently used
    tier.set('c', sized(4));
    expect(tier.get('b', 0)).toBeUndefined();
    expect(tier.get('a', 0)).toBeDefined();
    expect(tier.get('c', 0)).toBeDefined();
    expect(tier.bytes).toBeLessThanOrEqual(10 * 1024);
  });

  it('when an entry has expired or is larger than the whole tier, then it is not served', () => {
    const tier = new LocalCacheTier(8 * 1024);
    tier.set('old', sized(1, 1000));
    expect(tier.get('old', 999)).toBeDefined();
    expect(tier.get('old', 1000)).toBeUndefined();
    tier.set('huge', sized(16));
    expect(tier.get('huge', 0)).toBeUndefined();
    tier.clear();
    expect(tier.bytes).toBe(0);
  });
});
