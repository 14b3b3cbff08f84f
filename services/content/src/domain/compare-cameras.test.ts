import { describe, expect, it } from 'vitest';
import {
  assertComparableIds,
  compareCameras,
  isoStops,
  parseSensorSize,
  unknownCamerasError,
  winners,
  type ComparableCamera,
} from './compare-cameras.ts';
import { showStreetPrices, type StreetPrice } from './show-street-prices.ts';

describe('parseSensorSize', () => {
  it.each([
    ['Full frame', 'Full frame', 36, 24, 864, 1],
    ['full-frame', 'Full frame', 36, 24, 864, 1],
    ['35mm', 'Full frame', 36, 24, 864, 1],
    ['Formato completo', 'Full frame', 36, 24, 864, 1],
    ['APS-C', 'APS-C', 23.5, 15.6, 366.6, 1.53],
    ['aps c', 'APS-C', 23.5, 15.6, 366.6, 1.53],
    ['APS-C (Canon)', 'APS-C', 22.3, 14.9, 332.3, 1.61],
    ['APS-H', 'APS-H', 27.9, 18.6, 518.9, 1.29],
    ['Micro Four Thirds', 'Micro Four Thirds', 17.3, 13, 224.9, 2],
    ['MFT', 'Micro Four Thirds', 17.3, 13, 224.9, 2],
    ['Four Thirds', 'Micro Four Thirds', 17.3, 13, 224.9, 2],
    ['1-inch', '1-inch', 13.2, 8.8, 116.2, 2.73],
    ['1"', '1-inch', 13.2, 8.8, 116.2, 2.73],
    ['1 pulgada', '1-inch', 13.2, 8.8, 116.2, 2.73],
    ['Medium format', 'Medium format', 43.8, 32.9, 1441, 0.79],
    ['Formato medio', 'Medium format', 43.8, 32.9, 1441, 0.79],
    ['44x33', '44 × 33 mm', 44, 33, 1452, 0.79],
    ['Medium format (53.4 × 40 mm)', 'Medium format', 53.4, 40, 2136, 0.65],
    ['33 x 44 mm', '44 × 33 mm', 44, 33, 1452, 0.79],
    ['1/2.3"', '1/2.3-inch', 6.17, 4.55, 28.1, 5.64],
    ['1/2.3-inch', '1/2.3-inch', 6.17, 4.55, 28.1, 5.64],
    ['1/1.7″', '1/1.7-inch', 7.6, 5.7, 43.3, 4.55],
    ['2/3"', '2/3-inch', 8.8, 6.6, 58.1, 3.93],
  ])(
    'when the sensor is "%s", then it is %s of %f × %f mm, %f mm², crop %f',
    (text, label, w, h, area, crop) => {
      expect(parseSensorSize(text)).toEqual({
        label,
        widthMm: w,
        heightMm: h,
        areaMm2: area,
        cropFactor: crop,
      });
    },
  );

  it('when a fractional-inch type is not in the table, then it is estimated from the optical-format rule', () => {
    const size = parseSensorSize('1/2.6"');
    expect(size).toMatchObject({ label: '1/2.6-inch' });
    expect(size?.cropFactor).toBeGreaterThan(5.64); // smaller than 1/2.3"
    expect(size?.cropFactor).toBeLessThan(7.21); // larger than 1/3"
  });

  it('when the sensor size is missing or unrecognised, then it is unknown', () => {
    expect(parseSensorSize(undefined)).toBeUndefined();
    expect(parseSensorSize('')).toBeUndefined();
    expect(parseSensorSize('very big')).toBeUndefined();
  });
});

describe('isoStops', () => {
  it('when both ends are known, then the range is log2(max/min) stops', () => {
    expect(isoStops({ isoMin: 100, isoMax: 51200 })).toBe(9);
    expect(isoStops({ isoMin: 125, isoMax: 12800 })).toBe(6.68);
  });

  it('when an end is missing or the range is inverted, then it is unknown', () => {
    expect(isoStops({ isoMin: 100 })).toBeUndefined();
    expect(isoStops({ isoMin: 6400, isoMax: 100 })).toBeUndefined();
  });
});

describe('winners', () => {
  const v = (cameraId: string, value: number | null) => ({ cameraId, value, display: null });

  it('when higher is better, then the highest wins and ties all win', () => {
    expect(winners('higher', [v('a', 1), v('b', 3), v('c', 3)])).toEqual(['b', 'c']);
  });

  it('when lower is better, then the lowest known value wins and unknown values are skipped', () => {
    expect(winners('lower', [v('a', null), v('b', 500), v('c', 700)])).toEqual(['b']);
  });

  it('when fewer than two values are known, or the field has no direction, then nobody wins', () => {
    expect(winners('higher', [v('a', null), v('b', 3)])).toEqual([]);
    expect(winners('none', [v('a', 1), v('b', 3)])).toEqual([]);
  });
});

describe('compareCameras', () => {
  const camera = (id: string, overrides: Partial<ComparableCamera> = {}): ComparableCamera => ({
    id,
    brand: 'Brand',
    model: id.toUpperCase(),
    type: 'mirrorless',
    specs: {},
    version: 1,
    averageRating: 0,
    reviewCount: 0,
    streetPrices: [],
    lowestPrices: [],
    ...overrides,
  });
  const offer = (retailer: string, price: number, currency: string): StreetPrice => ({
    retailer,
    price,
    currency,
    url: `https://${retailer.toLowerCase()}.example/p`,
    observedAt: '2025-03-01T10:00:00.000Z',
  });

  it('when cameras are compared, then every field has one value per camera in order, with unit and winner', () => {
    const result = compareCameras([
      camera('a', { specs: { sensorSize: 'APS-C', megapixels: 26.1, weightGrams: 450, priceUsd: 1399 } }),
      camera('b', {
        specs: { sensorSize: 'Full frame', megapixels: 24.2, weightGrams: 650 },
        averageRating: 8.25,
        reviewCount: 4,
      }),
    ]);

    expect(result.cameras.map((c) => c.name)).toEqual(['Brand A', 'Brand B']);
    expect(result.fields.map((f) => f.field)).toEqual([
      'sensorArea',
      'sensorWidth',
      'sensorHeight',
      'cropFactor',
      'megapixels',
      'isoMin',
      'isoMax',
      'isoRange',
      'weight',
      'price',
      'averageRating',
      'reviewCount',
    ]);
    const byField = Object.fromEntries(result.fields.map((f) => [f.field, f]));
    expect(byField['sensorArea']).toMatchObject({ unit: 'mm²', better: 'higher', bestCameraIds: ['b'] });
    expect(byField['megapixels']).toMatchObject({ unit: 'MP', better: 'higher', bestCameraIds: ['a'] });
    expect(byField['weight']).toMatchObject({ unit: 'g', better: 'lower', bestCameraIds: ['a'] });
    expect(byField['price']).toMatchObject({
      bestCameraIds: [],
      values: [
        { cameraId: 'a', value: 1399, display: 'US$1,399' },
        { cameraId: 'b', value: null, display: null },
      ],
    });
    // No published review: the rating is unknown, not 0.
    expect(byField['averageRating']?.values.map((x) => x.value)).toEqual([null, 8.3]);
    expect(byField['isoMax']?.values.every((x) => x.value === null)).toBe(true);
  });

  it('when cameras have street prices, then each currency is a row after the list price with each camera cheapest offer, and the cameras carry their prices', () => {
    const a = showStreetPrices([
      offer('Alpha', 1299, 'EUR'),
      offer('Beta', 1249.5, 'EUR'),
      offer('Gamma', 1399, 'USD'),
    ]);
    const b = showStreetPrices([offer('Delta', 1199, 'EUR'), offer('Kakaku', 189800, 'JPY')]);
    const result = compareCameras([camera('a', a), camera('b', b), camera('c')]);

    expect(result.fields.map((f) => `${f.field}:${f.unit}`).slice(9, 13)).toEqual([
      'price:USD',
      'streetPrice:EUR',
      'streetPrice:JPY',
      'streetPrice:USD',
    ]);
    const rows = result.fields.filter((f) => f.field === 'streetPrice');
    expect(rows[0]).toEqual({
      field: 'streetPrice',
      unit: 'EUR',
      better: 'lower',
      values: [
        { cameraId: 'a', value: 1249.5, display: 'EUR 1,249.50 at Beta' },
        { cameraId: 'b', value: 1199, display: 'EUR 1,199.00 at Delta' },
        { cameraId: 'c', value: null, display: null },
      ],
      bestCameraIds: ['b'],
    });
    // A currency only one camera is offered in has no winner; yen have no decimals.
    expect(rows[1]).toMatchObject({
      bestCameraIds: [],
      values: [{ value: null }, { display: 'JPY 189,800 at Kakaku' }, { value: null }],
    });
    expect(result.cameras[0]).toMatchObject({ streetPrices: a.streetPrices, lowestPrices: a.lowestPrices });
    expect(result.cameras[2]).toMatchObject({ streetPrices: [], lowestPrices: [] });
  });

  it('when no compared camera has a street price, then there is no street price row', () => {
    const result = compareCameras([camera('a'), camera('b')]);
    expect(result.fields.some((f) => f.field === 'streetPrice')).toBe(false);
  });
});

describe('assertComparableIds', () => {
  it('when 2 to 4 distinct ids are given, then they are returned trimmed and in order', () => {
    expect(assertComparableIds([' b', 'a '])).toEqual(['b', 'a']);
    expect(assertComparableIds(['a', 'b', 'c', 'd'])).toHaveLength(4);
  });

  it.each([[['a']], [['a', 'b', 'c', 'd', 'e']], [['a', 'a']], [['a', ' ']]])(
    'when the ids are %j, then it is VALIDATION_FAILED on cameras',
    (ids) => {
      expect(() => assertComparableIds(ids)).toThrow(
        expect.objectContaining({
          code: 'VALIDATION_FAILED',
          fields: [expect.objectContaining({ field: 'cameras' })],
        }),
      );
    },
  );
});

describe('unknownCamerasError', () => {
  it('when ids are missing, then CAMERA_NOT_FOUND names every one of them', () => {
    const err = unknownCamerasError(['a', 'x', 'y'], [{ id: 'a' }]);
    expect(err).toMatchObject({ kind: 'not-found', code: 'CAMERA_NOT_FOUND' });
    expect(err?.message).toBe('no cameras have the ids "x", "y"');
    expect(unknownCamerasError(['a', 'x'], [{ id: 'a' }])?.message).toBe('no camera has the id "x"');
    expect(unknownCamerasError(['a'], [{ id: 'a' }])).toBeUndefined();
  });
});
