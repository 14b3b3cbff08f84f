import { CameraIdSchema, CameraSpecsSchema, CameraTypeSchema, RoleSchema } from '@rcr/contracts';
import { DEFAULT_LIMIT, MAX_LIMIT, MAX_PAGE_DEPTH } from '@rcr/platform';
import { z } from 'zod';

/**
 * The public representations and shared request pieces of the REST API, in zod: validation, typing and
 * the OpenAPI document all come from these (one schema language for REST, events and config).
 */

export const FieldErrorSchema = z.object({ field: z.string(), message: z.string() });

/** RFC 9457 problem details, as every error of the gateway. */
export const ProblemSchema = z
  .object({
    type: z.string().describe('URI identifying the problem type'),
    title: z.string(),
    status: z.number().int(),
    detail: z.string(),
    instance: z.string().describe('the request path'),
    requestId: z.string(),
    code: z.string().describe('stable machine-readable error code, e.g. REVIEW_NOT_FOUND'),
    errors: z.array(FieldErrorSchema).optional().describe('one entry per invalid field'),
  })
  .meta({
    id: 'Problem',
    example: {
      type: 'https://rcr.dev/problems/validation-failed',
      title: 'Bad Request',
      status: 400,
      detail: 'the request body is invalid',
      instance: '/v1/reviews',
      requestId: '0f6c1d2e-4b1a-4c2b-9d7e-1f2a3b4c5d6e',
      code: 'VALIDATION_FAILED',
      errors: [{ field: 'rating', message: 'must be a number from 0 to 10' }],
    },
  });

const MetaSchema = z.object({ requestId: z.string(), timestamp: z.string() });
const ListMetaSchema = MetaSchema.extend({
  page: z.number().int(),
  limit: z.number().int(),
  total: z
    .number()
    .int()
    .describe('size of the whole filtered list; a bounded count when totalIsEstimate is true'),
  totalPages: z.number().int(),
  totalIsEstimate: z
    .boolean()
    .optional()
    .describe(
      'present (true) when counting exactly would cost a scan (a search, or filters without a kept counter): total is then a cap and at least that many match',
    ),
  nextCursor: z
    .string()
    .nullable()
    .optional()
    .describe('opaque cursor of the next page, when the list supports cursors'),
});
const LinksSchema = z.object({
  self: z.string(),
  first: z.string(),
  last: z.string(),
  prev: z.string().nullable(),
  next: z.string().nullable(),
});

/** `{data, meta}` around one resource. */
export function envelopeOf<T extends z.ZodType>(data: T) {
  return z.object({ data, meta: MetaSchema });
}

/** `{data: [...], meta: {page, limit, total, totalPages}, links}` around a page of resources. */
export function listEnvelopeOf<T extends z.ZodType>(item: T) {
  return z.object({ data: z.array(item), meta: ListMetaSchema, links: LinksSchema });
}

/** Error responses a route documents, by status (all problem+json). */
export function problems(...statuses: number[]): Record<number, typeof ProblemSchema> {
  return Object.fromEntries(statuses.map((s) => [s, ProblemSchema]));
}

/**
 * A numeric query parameter, written plainly in decimal (`2`, `-1`, and for a non-integer `7.5`), then
 * checked by `inner`. Hex (`0x2`), exponents (`1e1`), blanks and the empty string are refused with a
 * clear message rather than read as some number by JavaScript's `Number` (what `z.coerce` would do).
 * The OpenAPI document shows `inner`'s type, bounds and default (give a default inside `inner`: one
 * outside is not shown).
 */
export function decimalQuery<T extends z.ZodType>(inner: T, kind: 'integer' | 'decimal' = 'integer') {
  const form = kind === 'integer' ? /^-?\d{1,16}$/ : /^-?\d{1,16}(\.\d{1,16})?$/;
  const message =
    kind === 'integer'
      ? 'expected a whole number written in decimal digits, e.g. 2'
      : 'expected a number written in decimal digits, e.g. 7.5';
  return z.preprocess((value, ctx) => {
    if (typeof value !== 'string') return value;
    if (form.test(value)) return Number(value);
    ctx.addIssue({ code: 'custom', message, input: value });
    return z.NEVER;
  }, inner);
}

/** page/limit query parameters shared by every list (limit clamps to MAX_LIMIT, as the services do). */
export const pageQuery = {
  page: decimalQuery(z.number().int().min(1).max(1_000_000).default(1)).describe(
    `1-based page number; page × limit may be at most ${MAX_PAGE_DEPTH} (deeper: 400, follow cursor from meta.nextCursor instead)`,
  ),
  limit: decimalQuery(z.number().int().min(1))
    .transform((n) => Math.min(n, MAX_LIMIT))
    .default(DEFAULT_LIMIT)
    .describe(`items per page, 1–${MAX_LIMIT} (larger values are clamped to ${MAX_LIMIT})`),
};

/** `sort=-publishedAt,title` with the fields a list allows. */
export function sortQuery(fields: readonly string[]) {
  const item = new RegExp(`^[-+]?(${fields.join('|')})$`);
  return z
    .string()
    .max(200)
    .refine((s) => s.split(',').every((part) => item.test(part.trim())), {
      message: `comma-separated fields from: ${fields.join(', ')}; prefix with - for descending`,
    })
    .transform((s) => s.split(',').map((part) => part.trim()))
    .optional()
    .describe(`sort keys, comma-separated, '-' for descending; fields: ${fields.join(', ')}`);
}

export const cursorQuery = z
  .string()
  .max(500)
  .optional()
  .describe('opaque cursor from meta.nextCursor (replaces page)');

export const UuidParams = z.object({ id: z.uuid() });

export const EditorSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: RoleSchema,
    active: z.boolean(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({
    id: 'Editor',
    example: {
      id: '01a204c5-545b-72d8-a938-731f3563466d',
      email: 'editor@rcr.local',
      name: 'Lucía Fernández',
      role: 'editor',
      active: true,
      createdAt: '2026-11-22T19:39:30.120Z',
      updatedAt: '2026-11-22T19:39:30.120Z',
      version: 1,
    },
  });

export const TokenPairSchema = z
  .object({
    accessToken: z.string(),
    refreshToken: z.string(),
    tokenType: z.literal('Bearer'),
    expiresIn: z.number().int().describe('seconds until the access token expires'),
  })
  .meta({
    id: 'TokenPair',
    example: {
      accessToken: 'eyJhbGciOiJFZERTQSIs…',
      refreshToken: 'q9W2…',
      tokenType: 'Bearer',
      expiresIn: 900,
    },
  });

const SpecsOut = CameraSpecsSchema.partial();

export const CameraSchema = z
  .object({
    id: z.string(),
    brand: z.string(),
    model: z.string(),
    type: CameraTypeSchema,
    specs: SpecsOut,
    version: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({
    id: 'Camera',
    example: {
      id: 'fujifilm-x100vi',
      brand: 'Fujifilm',
      model: 'X100VI',
      type: 'compact',
      specs: {
        sensorSize: 'APS-C',
        megapixels: 40.2,
        isoMin: 125,
        isoMax: 12800,
        weightGrams: 521,
        priceUsd: 1599,
      },
      version: 1,
      createdAt: '2026-11-22T19:39:30.500Z',
      updatedAt: '2026-11-22T19:39:30.500Z',
    },
  });

/** A retailer's street price, as the latest report of the partner price feed gave it. */
export const StreetPriceSchema = z
  .object({
    retailer: z.string(),
    price: z.number().describe("in the currency's major unit"),
    currency: z.string().describe('ISO 4217 code'),
    url: z.string().describe("the retailer's product page"),
    observedAt: z.string().describe('when the partner observed the price'),
  })
  .meta({
    id: 'StreetPrice',
    example: {
      retailer: 'Foto Store',
      price: 1549,
      currency: 'EUR',
      url: 'https://foto-store.example/fujifilm-x100vi',
      observedAt: '2026-11-22T09:30:00.000Z',
    },
  });

/** A camera's street prices in display order and the cheapest per currency (camera reads and comparisons). */
export const streetPricesShape = {
  streetPrices: z
    .array(StreetPriceSchema)
    .describe(
      'the latest price each retailer reported, by currency (code order), cheapest first; currencies are not converted',
    ),
  lowestPrices: z
    .array(StreetPriceSchema)
    .describe('the cheapest street price in each currency, in currency order'),
};

export const CameraSummarySchema = z
  .object({
    id: z.string(),
    brand: z.string(),
    model: z.string(),
    name: z.string(),
    type: CameraTypeSchema,
    specs: SpecsOut,
    averageRating: z.number().nullable().describe('average rating of published reviews; null when none'),
    reviewCount: z.number().int(),
    version: z.number().int(),
    ...streetPricesShape,
  })
  .meta({
    id: 'CameraSummary',
    example: {
      id: 'fujifilm-x100vi',
      brand: 'Fujifilm',
      model: 'X100VI',
      name: 'Fujifilm X100VI',
      type: 'compact',
      specs: { sensorSize: 'APS-C', megapixels: 40.2, priceUsd: 1599 },
      averageRating: 9,
      reviewCount: 1,
      version: 1,
      streetPrices: [
        {
          retailer: 'Foto Store',
          price: 1549,
          currency: 'EUR',
          url: 'https://foto-store.example/fujifilm-x100vi',
          observedAt: '2026-11-22T09:30:00.000Z',
        },
        {
          retailer: 'Camera Hub',
          price: 1599,
          currency: 'USD',
          url: 'https://camera-hub.example/x100vi',
          observedAt: '2026-11-22T10:05:00.000Z',
        },
      ],
      lowestPrices: [
        {
          retailer: 'Foto Store',
          price: 1549,
          currency: 'EUR',
          url: 'https://foto-store.example/fujifilm-x100vi',
          observedAt: '2026-11-22T09:30:00.000Z',
        },
        {
          retailer: 'Camera Hub',
          price: 1599,
          currency: 'USD',
          url: 'https://camera-hub.example/x100vi',
          observedAt: '2026-11-22T10:05:00.000Z',
        },
      ],
    },
  });

export const ReviewSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    cameraId: z.string(),
    authorId: z.string(),
    title: z.string(),
    body: z.string(),
    rating: z.number(),
    pros: z.array(z.string()),
    cons: z.array(z.string()),
    verdict: z.string(),
    language: z.string(),
    status: z.enum(['draft', 'published']),
    publishedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({
    id: 'Review',
    example: {
      id: '01a204c5-55fa-730d-b3af-8d223e911a07',
      slug: 'fujifilm-x100vi-la-camara-de-bolsillo-911a07',
      cameraId: 'fujifilm-x100vi',
      authorId: '01a204c5-545b-72d8-a938-731f3563466d',
      title: 'Fujifilm X100VI: la cámara de bolsillo que todos quieren',
      body: 'Llevamos la X100VI durante un mes por Buenos Aires…',
      rating: 9,
      pros: ['Estabilización en el cuerpo'],
      cons: ['Precio'],
      verdict: 'La mejor compacta para fotografía callejera.',
      language: 'es',
      status: 'published',
      publishedAt: '2026-11-22T19:39:31.216Z',
      createdAt: '2026-11-22T19:39:31.100Z',
      updatedAt: '2026-11-22T19:39:31.216Z',
      version: 2,
    },
  });

/** A ready image of a published review: stable paths, redirected to fresh signed links (ADR 0032). */
const PublishedImageSchema = z.object({
  id: z.string(),
  width: z.number().int().describe('of the display rendition, in pixels'),
  height: z.number().int(),
  url: z
    .string()
    .describe(
      'stable path of the display rendition (WebP, ≤ 1600 px): answers 302 to a signed link that expires',
    ),
  thumbnail: z.object({
    url: z.string().describe('stable path of the thumbnail (WebP, ≤ 320 px), redirected the same way'),
    width: z.number().int(),
    height: z.number().int(),
  }),
});

export const ContentSchema = z
  .object({
    id: z.string(),
    slug: z.string(),
    title: z.string(),
    body: z.string(),
    rating: z.number(),
    pros: z.array(z.string()),
    cons: z.array(z.string()),
    verdict: z.string(),
    language: z.string(),
    publishedAt: z.string(),
    updatedAt: z.string(),
    camera: z.object({ id: z.string(), name: z.string() }),
    author: z.object({ id: z.string(), name: z.string() }),
    images: z.array(PublishedImageSchema).describe('ready images, oldest first'),
  })
  .meta({
    id: 'PublishedReview',
    example: {
      id: '01a204c5-55fa-730d-b3af-8d223e911a07',
      slug: 'fujifilm-x100vi-la-camara-de-bolsillo-911a07',
      title: 'Fujifilm X100VI: la cámara de bolsillo que todos quieren',
      body: 'Llevamos la X100VI durante un mes por Buenos Aires…',
      rating: 9,
      pros: ['Estabilización en el cuerpo'],
      cons: ['Precio'],
      verdict: 'La mejor compacta para fotografía callejera.',
      language: 'es',
      publishedAt: '2026-11-22T19:39:31.216Z',
      updatedAt: '2026-11-22T19:39:31.216Z',
      camera: { id: 'fujifilm-x100vi', name: 'Fujifilm X100VI' },
      author: { id: '01a204c5-545b-72d8-a938-731f3563466d', name: 'Lucía Fernández' },
      images: [
        {
          id: '01a22e08-a4b3-7459-8e91-22d2746a7af3',
          width: 1600,
          height: 1067,
          url: '/v1/reviews/01a204c5-55fa-730d-b3af-8d223e911a07/images/01a22e08-a4b3-7459-8e91-22d2746a7af3/display',
          thumbnail: {
            url: '/v1/reviews/01a204c5-55fa-730d-b3af-8d223e911a07/images/01a22e08-a4b3-7459-8e91-22d2746a7af3/thumbnail',
            width: 320,
            height: 213,
          },
        },
      ],
    },
  });

export const CameraIdParams = z.object({ id: CameraIdSchema });
