import type { CameraSpecs } from '@rcr/contracts';
import { errors } from '@rcr/platform';
import type { StreetPrices } from './show-street-prices.ts';

/** Fewest cameras one comparison holds. */
export const MIN_COMPARED = 2;
/** Most cameras one comparison holds. */
export const MAX_COMPARED = 4;

/**
 * A camera as the comparison reads it: stored specs, statistics of its published reviews and its street
 * prices (in display order, with the lowest per currency).
 */
export interface ComparableCamera extends StreetPrices {
  id: string;
  brand: string;
  model: string;
  type: string;
  specs: CameraSpecs;
  version: number;
  /** Mean rating of the published reviews (ignored when there are none). */
  averageRating: number;
  reviewCount: number;
}

/** A sensor's dimensions in millimetres, with the figures derived from them. */
export interface SensorSize {
  /** The format's common name, e.g. "Full frame", "APS-C", "1/2.3-inch". */
  label: string;
  widthMm: number;
  heightMm: number;
  areaMm2: number;
  /** Diagonal of full frame (36 × 24 mm) divided by this sensor's diagonal. */
  cropFactor: number;
}

/** Which value of a field is the better one; `none` marks a field shown for information only. */
export type Better = 'higher' | 'lower' | 'none';

/** One camera's value of a field; null when unknown. */
export interface ComparedValue {
  cameraId: string;
  value: number | null;
  display: string | null;
}

/** One row of the comparison: a field in one unit across all cameras, and which camera(s) win it. */
export interface ComparisonField {
  field: string;
  unit: string;
  better: Better;
  values: ComparedValue[];
  /** Cameras holding the best known value (all on a tie); empty with fewer than two known values. */
  bestCameraIds: string[];
}

/** A side-by-side comparison: the cameras in request order and one row per field. */
export interface Comparison {
  cameras: ({
    id: string;
    name: string;
    brand: string;
    model: string;
    type: string;
    specs: CameraSpecs;
    version: number;
  } & StreetPrices)[];
  fields: ComparisonField[];
}

/**
 * Validates the ids of a comparison: 2–4 distinct, non-blank ids (else VALIDATION_FAILED on `cameras`).
 * Returns them trimmed, in request order.
 */
export function assertComparableIds(ids: readonly string[]): string[] {
  const trimmed = ids.map((id) => id.trim());
  const problem = trimmed.some((id) => id.length === 0)
    ? 'camera ids must not be blank'
    : new Set(trimmed).size !== trimmed.length
      ? 'each camera may appear only once'
      : trimmed.length < MIN_COMPARED || trimmed.length > MAX_COMPARED
        ? `compare from ${MIN_COMPARED} to ${MAX_COMPARED} cameras (got ${trimmed.length})`
        : undefined;
  if (problem) {
    throw errors.invalid('VALIDATION_FAILED', 'the comparison request is not valid', [
      { field: 'cameras', message: problem },
    ]);
  }
  return trimmed;
}

/** CAMERA_NOT_FOUND naming every requested id that is missing from `found`; undefined when all exist. */
export function unknownCamerasError(
  requested: readonly string[],
  found: readonly { id: string }[],
): Error | undefined {
  const known = new Set(found.map((c) => c.id));
  const unknown = requested.filter((id) => !known.has(id));
  if (unknown.length === 0) return undefined;
  const list = unknown.map((id) => `"${id}"`).join(', ');
  return errors.notFound(
    'CAMERA_NOT_FOUND',
    unknown.length === 1 ? `no camera has the id ${list}` : `no cameras have the ids ${list}`,
  );
}

const FULL_FRAME_DIAGONAL = Math.hypot(36, 24);

/** Named formats (width × height in mm); the first matching pattern wins, so the order matters. */
const NAMED_FORMATS: { pattern: RegExp; label: string; width: number; height: number }[] = [
  {
    pattern: /micro (?:four|4) ?thirds|micro 4\/3|\bm ?4\/3|\bmft\b|\bm43\b|cuatro tercios|four thirds|^4\/3/,
    label: 'Micro Four Thirds',
    width: 17.3,
    height: 13,
  },
  { pattern: /medium format|formato medio|\bgfx\b/, label: 'Medium format', width: 43.8, height: 32.9 },
  {
    pattern: /full ?frame|\bff\b|\b35 ?mm\b|\bfx\b|formato completo|fotograma completo|full size/,
    label: 'Full frame',
    width: 36,
    height: 24,
  },
  { pattern: /\baps ?h\b/, label: 'APS-H', width: 27.9, height: 18.6 },
  { pattern: /\baps ?c\b.*\bcanon\b|\bcanon\b.*\baps ?c\b/, label: 'APS-C', width: 22.3, height: 14.9 },
  { pattern: /\baps ?c\b|\bdx\b|super 35/, label: 'APS-C', width: 23.5, height: 15.6 },
];

/** Fractional-inch "type" formats of small sensors (the name is not the real size, hence a table). */
const INCH_TYPES: Record<string, [number, number]> = {
  '1': [13.2, 8.8],
  '2/3': [8.8, 6.6],
  '1/1.7': [7.6, 5.7],
  '1/1.8': [7.18, 5.32],
  '1/2': [6.4, 4.8],
  '1/2.3': [6.17, 4.55],
  '1/2.5': [5.76, 4.29],
  '1/2.7': [5.37, 4.04],
  '1/3': [4.8, 3.6],
};

function sensor(label: string, width: number, height: number): SensorSize {
  return {
    label,
    widthMm: round(width, 2),
    heightMm: round(height, 2),
    areaMm2: round(width * height, 1),
    cropFactor: round(FULL_FRAME_DIAGONAL / Math.hypot(width, height), 2),
  };
}

/**
 * Reads a sensor size as editors write it — a format name in English or Spanish ("Full frame",
 * "full-frame", "APS-C", "Micro Four Thirds", "1-inch", "Medium format", `1/2.3"`) or dimensions
 * ("44x33", "43.8 × 32.9 mm") — as millimetres, area and crop factor; undefined when unrecognised.
 */
export function parseSensorSize(text: string | undefined): SensorSize | undefined {
  if (!text) return undefined;
  const name = text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[″”“]|''/g, '"')
    .replace(/[-_‐–—]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();

  const dims = /(\d+(?:[.,]\d+)?) ?(?:mm)? ?[x×*] ?(\d+(?:[.,]\d+)?)/.exec(name);
  if (dims) {
    const [a, b] = [dims[1], dims[2]].map((n) => Number((n ?? '').replace(',', '.'))) as [number, number];
    if (a > 1 && b > 1 && a <= 100 && b <= 100) {
      const [width, height] = [Math.max(a, b), Math.min(a, b)];
      return sensor(
        NAMED_FORMATS.find((f) => f.pattern.test(name))?.label ?? `${width} × ${height} mm`,
        width,
        height,
      );
    }
  }

  const named = NAMED_FORMATS.find((f) => f.pattern.test(name));
  if (named) return sensor(named.label, named.width, named.height);

  const fraction = /(?:^|[^\d.])(\d+(?:\.\d+)?) ?\/ ?(\d+(?:\.\d+)?)/.exec(name);
  if (fraction) {
    const [num, den] = [Number(fraction[1]), Number(fraction[2])];
    const inches = num / den;
    if (den > 0 && inches > 0 && inches <= 1.5) {
      const key = `${num}/${den}`;
      const known = INCH_TYPES[key];
      if (known) return sensor(`${key}-inch`, known[0], known[1]);
      // Optical-format rule of thumb: about 16 mm of diagonal per "inch" (18 below half an inch), 4:3.
      const diagonal = inches * (inches >= 0.5 ? 16 : 18);
      return sensor(`${key}-inch`, diagonal * 0.8, diagonal * 0.6);
    }
  }

  if (/(?:^|\s)(?:1|1\.0) ?(?:"|in\b|inch|type|pulgada)|one inch|una pulgada/.test(name)) {
    const [width, height] = INCH_TYPES['1'] as [number, number];
    return sensor('1-inch', width, height);
  }
  return undefined;
}

/** A field of the comparison: how to read it from a camera, which way is better, how to show it. */
interface FieldRule {
  field: string;
  unit: string;
  better: Better;
  value: (camera: NormalisedCamera) => number | undefined;
  display: (value: number, camera: NormalisedCamera) => string;
}

interface NormalisedCamera {
  id: string;
  sensor: SensorSize | undefined;
  specs: CameraSpecs;
  averageRating: number | undefined;
  reviewCount: number;
  /** The cheapest street price in each currency, by currency code. */
  lowestPrices: ReadonlyMap<string, { price: number; retailer: string }>;
}

const RULES: FieldRule[] = [
  {
    field: 'sensorArea',
    unit: 'mm²',
    better: 'higher',
    value: (c) => c.sensor?.areaMm2,
    display: (v, c) =>
      c.sensor
        ? `${c.sensor.label} (${fmt(c.sensor.widthMm)} × ${fmt(c.sensor.heightMm)} mm)`
        : `${fmt(v)} mm²`,
  },
  {
    field: 'sensorWidth',
    unit: 'mm',
    better: 'none',
    value: (c) => c.sensor?.widthMm,
    display: (v) => `${fmt(v)} mm`,
  },
  {
    field: 'sensorHeight',
    unit: 'mm',
    better: 'none',
    value: (c) => c.sensor?.heightMm,
    display: (v) => `${fmt(v)} mm`,
  },
  {
    field: 'cropFactor',
    unit: 'x',
    better: 'lower',
    value: (c) => c.sensor?.cropFactor,
    display: (v) => `${fmt(v)}×`,
  },
  {
    field: 'megapixels',
    unit: 'MP',
    better: 'higher',
    value: (c) => positive(c.specs.megapixels, 1),
    display: (v) => `${fmt(v)} MP`,
  },
  {
    field: 'isoMin',
    unit: 'ISO',
    better: 'lower',
    value: (c) => positive(c.specs.isoMin, 0),
    display: (v) => `ISO ${fmt(v)}`,
  },
  {
    field: 'isoMax',
    unit: 'ISO',
    better: 'higher',
    value: (c) => positive(c.specs.isoMax, 0),
    display: (v) => `ISO ${fmt(v)}`,
  },
  {
    field: 'isoRange',
    unit: 'stops',
    better: 'higher',
    value: (c) => isoStops(c.specs),
    display: (v, c) => `${fmt(v)} stops (ISO ${fmt(c.specs.isoMin ?? 0)}–${fmt(c.specs.isoMax ?? 0)})`,
  },
  {
    field: 'weight',
    unit: 'g',
    better: 'lower',
    value: (c) => positive(c.specs.weightGrams, 0),
    display: (v) => `${fmt(v)} g`,
  },
  {
    field: 'price',
    unit: 'USD',
    better: 'lower',
    value: (c) =>
      c.specs.priceUsd !== undefined && c.specs.priceUsd >= 0 ? round(c.specs.priceUsd, 2) : undefined,
    display: (v) => `US$${fmt(v)}`,
  },
  {
    field: 'averageRating',
    unit: 'points',
    better: 'higher',
    value: (c) => c.averageRating,
    display: (v) => `${fmt(v)} / 10`,
  },
  {
    field: 'reviewCount',
    unit: 'reviews',
    better: 'none',
    value: (c) => c.reviewCount,
    display: (v) => `${fmt(v)} ${v === 1 ? 'review' : 'reviews'}`,
  },
];

/** ISO range in stops, log2(max / min), when both ends are known and sensible. */
export function isoStops(specs: CameraSpecs): number | undefined {
  const { isoMin, isoMax } = specs;
  if (!isoMin || !isoMax || isoMin <= 0 || isoMax < isoMin) return undefined;
  return round(Math.log2(isoMax / isoMin), 2);
}

/**
 * The street price rows: one per currency any of the cameras has a street price in (in currency code
 * order), each camera's value its cheapest offer in that currency. Currencies are not converted, so
 * only prices in one currency are compared with each other.
 */
function streetPriceRules(cameras: readonly NormalisedCamera[]): FieldRule[] {
  const currencies = [...new Set(cameras.flatMap((c) => [...c.lowestPrices.keys()]))].sort();
  return currencies.map((currency) => ({
    field: 'streetPrice',
    unit: currency,
    better: 'lower',
    value: (c) => c.lowestPrices.get(currency)?.price,
    display: (v, c) => `${money(v, currency)} at ${c.lowestPrices.get(currency)?.retailer ?? ''}`,
  }));
}

/**
 * Compares cameras field by field: specs normalised to common units (sensor size → mm, mm², crop
 * factor; megapixels; ISO min, max and range in stops; weight in g; list price in USD), the cheapest
 * street price per currency, and the average rating and review count of published reviews, each row
 * marking the camera(s) with the better value.
 */
export function compareCameras(cameras: readonly ComparableCamera[]): Comparison {
  const normalised: NormalisedCamera[] = cameras.map((c) => ({
    id: c.id,
    sensor: parseSensorSize(c.specs.sensorSize),
    specs: c.specs,
    averageRating: c.reviewCount > 0 ? round(c.averageRating, 1) : undefined,
    reviewCount: c.reviewCount,
    lowestPrices: new Map(c.lowestPrices.map((p) => [p.currency, p])),
  }));
  // Street prices right after the list price.
  const afterPrice = RULES.findIndex((rule) => rule.field === 'price') + 1;
  const rules = [...RULES.slice(0, afterPrice), ...streetPriceRules(normalised), ...RULES.slice(afterPrice)];
  return {
    cameras: cameras.map(({ id, brand, model, type, specs, version, streetPrices, lowestPrices }) => ({
      id,
      name: `${brand} ${model}`.trim(),
      brand,
      model,
      type,
      specs,
      version,
      streetPrices,
      lowestPrices,
    })),
    fields: rules.map((rule) => {
      const values = normalised.map((camera): ComparedValue => {
        const value = rule.value(camera);
        return value === undefined
          ? { cameraId: camera.id, value: null, display: null }
          : { cameraId: camera.id, value, display: rule.display(value, camera) };
      });
      return {
        field: rule.field,
        unit: rule.unit,
        better: rule.better,
        values,
        bestCameraIds: winners(rule.better, values),
      };
    }),
  };
}

/** Ids of the cameras holding the best known value; none with fewer than two known values. */
export function winners(better: Better, values: readonly ComparedValue[]): string[] {
  const known = values.filter((v): v is ComparedValue & { value: number } => v.value !== null);
  if (better === 'none' || known.length < 2) return [];
  const best =
    better === 'higher' ? Math.max(...known.map((v) => v.value)) : Math.min(...known.map((v) => v.value));
  return known.filter((v) => v.value === best).map((v) => v.cameraId);
}

function positive(value: number | undefined, digits: number): number | undefined {
  return value !== undefined && value > 0 ? round(value, digits) : undefined;
}

function round(value: number, digits: number): number {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
}

function fmt(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 });
}

/** An amount with its currency code and the currency's usual decimals, e.g. "EUR 1,299.00", "JPY 189,800". */
function money(value: number, currency: string): string {
  try {
    return new Intl.NumberFormat('en-US', { style: 'currency', currency, currencyDisplay: 'code' })
      .format(value)
      .replace(/\s/gu, ' ');
  } catch {
    return `${currency} ${fmt(value)}`;
  }
}
