import { describe, expect, it } from 'vitest';
import { wantsFreshAnswer } from './response-cache.ts';

describe('wantsFreshAnswer (request Cache-Control, RFC 9111)', () => {
  it.each([
    [{ 'cache-control': 'no-cache' }, true],
    [{ 'cache-control': 'No-Cache' }, true],
    [{ 'cache-control': 'max-age=0' }, true],
    [{ 'cache-control': 'max-age="0"' }, true],
    [{ 'cache-control': 'no-store, no-cache' }, true],
    [{ 'cache-control': 'max-age=0, must-revalidate' }, true],
    [{ pragma: 'no-cache' }, true],
  ])('when the request has %j, then it is answered fresh', (headers, fresh) => {
    expect(wantsFreshAnswer(headers)).toBe(fresh);
  });

  it.each([
    [{}, false],
    [{ 'cache-control': 'max-age=60' }, false],
    [{ 'cache-control': 'max-age=05' }, false],
    [{ 'cache-control': 'no-cached' }, false],
    [{ 'cache-control': 'x-no-cache' }, false],
    [{ 'cache-control': 'max-stale' }, false],
    // Pragma counts only without Cache-Control (§5.4).
    [{ 'cache-control': 'max-age=60', pragma: 'no-cache' }, false],
    [{ 'cache-control': 'no-cache'.repeat(2000) }, false],
  ])('when the request has %j, then the cache may answer it', (headers, fresh) => {
    expect(wantsFreshAnswer(headers)).toBe(fresh);
  });
});
