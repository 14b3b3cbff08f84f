import type { EventData, RcrEvent } from '@rcr/contracts';
import { describe, expect, it } from 'vitest';
import { isLater, priceClearanceOf, projectPrice } from './project-price.ts';

function report(overrides: Partial<EventData<'price.updated'>> = {}): RcrEvent<'price.updated'> {
  return {
    id: 'id',
    type: 'price.updated',
    version: 1,
    occurredAt: '2025-03-01T10:00:01.000Z',
    source: 'webhooks',
    subject: 'c1',
    data: {
      reportId: 'msg_b',
      cameraId: 'c1',
      retailer: 'Foto Store',
      price: 1299.99,
      currency: 'EUR',
      url: 'https://foto.example/x100vi',
      observedAt: '2025-03-01T10:00:00.000Z',
      ...overrides,
    },
  };
}

describe('projectPrice', () => {
  it('when a retailer reports a price for the first time, then it is stored with the instant in UTC milliseconds', () => {
    const decision = projectPrice(
      report({ observedAt: '2025-03-01T11:00:00.123456+01:00' }),
      undefined,
      undefined,
    );
    expect(decision).toEqual({
      action: 'upsert',
      row: {
        cameraId: 'c1',
        retailer: 'Foto Store',
        price: 1299.99,
        currency: 'EUR',
        url: 'https://foto.example/x100vi',
        observedAt: '2025-03-01T10:00:00.123Z',
        reportId: 'msg_b',
      },
    });
  });

  it('when a report was observed after the stored one, then the latest wins', () => {
    const stored = { observedAt: '2025-03-01T09:59:59.999Z', reportId: 'msg_z' };
    expect(projectPrice(report({ price: 1199 }), stored, undefined)).toMatchObject({
      action: 'upsert',
      row: { price: 1199 },
    });
  });

  it('when an older report arrives after a newer one, then it is skipped as stale (out of order)', () => {
    const stored = { observedAt: '2025-03-01T10:00:00.001Z', reportId: 'msg_a' };
    expect(projectPrice(report(), stored, undefined)).toEqual({ action: 'skip', reason: 'stale' });
  });

  it('when two reports were observed in the same millisecond, then the greater report id wins whichever arrives first', () => {
    const at = '2025-03-01T10:00:00.000Z';
    // msg_b arrives after msg_a was stored: it wins.
    expect(
      projectPrice(report({ reportId: 'msg_b' }), { observedAt: at, reportId: 'msg_a' }, undefined),
    ).toMatchObject({
      action: 'upsert',
      row: { reportId: 'msg_b' },
    });
    // msg_a arrives after msg_b was stored: msg_b stays.
    expect(
      projectPrice(report({ reportId: 'msg_a' }), { observedAt: at, reportId: 'msg_b' }, undefined),
    ).toEqual({
      action: 'skip',
      reason: 'stale',
    });
    // Sub-millisecond digits do not count: the same millisecond is a tie.
    expect(
      projectPrice(
        report({ reportId: 'msg_a', observedAt: '2025-03-01T10:00:00.000900Z' }),
        { observedAt: at, reportId: 'msg_b' },
        undefined,
      ),
    ).toEqual({ action: 'skip', reason: 'stale' });
  });

  it('when the same report comes again, then it is skipped', () => {
    const stored = { observedAt: '2025-03-01T10:00:00.000Z', reportId: 'msg_b' };
    expect(projectPrice(report(), stored, undefined)).toEqual({ action: 'skip', reason: 'stale' });
  });

  it('when the read model does not know the camera yet, then the price is stored all the same (shown once the camera is)', () => {
    // Nothing stored for the camera, never deleted: the camera's existence is not an input.
    expect(projectPrice(report({ cameraId: 'not-created-yet' }), undefined, undefined)).toMatchObject({
      action: 'upsert',
      row: { cameraId: 'not-created-yet' },
    });
  });

  it('when the price was observed at or before the camera was deleted, then it is dropped; after it, it is kept', () => {
    const deletedAt = '2025-03-01T10:00:00.000Z';
    expect(projectPrice(report({ observedAt: '2025-03-01T09:00:00.000Z' }), undefined, deletedAt)).toEqual({
      action: 'skip',
      reason: 'cleared',
    });
    expect(projectPrice(report({ observedAt: deletedAt }), undefined, deletedAt)).toEqual({
      action: 'skip',
      reason: 'cleared',
    });
    expect(
      projectPrice(report({ observedAt: '2025-03-01T10:00:00.001Z' }), undefined, deletedAt),
    ).toMatchObject({
      action: 'upsert',
    });
  });
});

describe('isLater', () => {
  it('when instants are written in different offsets, then they are compared as instants', () => {
    expect(
      isLater(
        { observedAt: '2025-03-01T10:30:00.000+01:00', reportId: 'a' },
        { observedAt: '2025-03-01T10:00:00.000Z', reportId: 'b' },
      ),
    ).toBe(false);
    expect(
      isLater(
        { observedAt: '2025-03-01T11:30:00.000+01:00', reportId: 'a' },
        { observedAt: '2025-03-01T10:00:00.000Z', reportId: 'b' },
      ),
    ).toBe(true);
  });
});

describe('priceClearanceOf', () => {
  it('when a camera is deleted, then its prices are cleared up to the instant the deletion happened', () => {
    const deletion: RcrEvent<'camera.deleted'> = {
      id: 'id',
      type: 'camera.deleted',
      version: 1,
      occurredAt: '2025-03-01T12:00:00.5+02:00',
      source: 'reviews',
      subject: 'c1',
      data: { cameraId: 'c1', version: 3 },
    };
    expect(priceClearanceOf(deletion)).toEqual({ cameraId: 'c1', upTo: '2025-03-01T10:00:00.500Z' });
  });
});
