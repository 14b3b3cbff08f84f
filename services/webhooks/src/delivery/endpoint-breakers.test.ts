import { describe, expect, it } from 'vitest';
import { EndpointBreakers } from './endpoint-breakers.ts';

const failing = async () => 'failed';
const fine = async () => 'ok';
const isFailure = (result: string) => result === 'failed';

describe('EndpointBreakers', () => {
  it('when an endpoint fails the set number of times in a row, then its circuit opens and attempts no longer run', async () => {
    const breakers = new EndpointBreakers(3, 60_000);
    for (let i = 0; i < 3; i++)
      expect(await breakers.run('a', failing, isFailure)).toEqual({ ran: true, result: 'failed' });
    let ran = false;
    expect(await breakers.run('a', async () => ((ran = true), 'ok'), isFailure)).toEqual({ ran: false });
    expect(ran).toBe(false);
    expect(breakers.open()).toEqual(['a']);
  });

  it('when one endpoint’s circuit is open, then the others still run', async () => {
    const breakers = new EndpointBreakers(1, 60_000);
    await breakers.run('dead', failing, isFailure);
    expect(await breakers.run('alive', fine, isFailure)).toEqual({ ran: true, result: 'ok' });
    expect(breakers.open()).toEqual(['dead']);
  });

  it('when a success comes between failures, then the count starts over', async () => {
    const breakers = new EndpointBreakers(2, 60_000);
    await breakers.run('a', failing, isFailure);
    await breakers.run('a', fine, isFailure);
    await breakers.run('a', failing, isFailure);
    expect(breakers.open()).toEqual([]);
  });

  it('when the half-open time has passed, then one trial runs; its success closes the circuit', async () => {
    const breakers = new EndpointBreakers(1, 50);
    await breakers.run('a', failing, isFailure);
    expect(breakers.open()).toEqual(['a']);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(breakers.open()).toEqual([]);
    expect(await breakers.run('a', fine, isFailure)).toEqual({ ran: true, result: 'ok' });
    expect(await breakers.run('a', fine, isFailure)).toEqual({ ran: true, result: 'ok' });
  });
});
