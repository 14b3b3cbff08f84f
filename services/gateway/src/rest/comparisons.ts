import { CameraIdSchema, CameraSpecsSchema } from '@rcr/contracts';
import { z } from 'zod';
import type { RestApp } from './app-types.ts';
import { anonymous, type RouteDeps } from './deps.ts';
import { envelope } from './http.ts';
import { presentStreetPrice } from './present.ts';
import { envelopeOf, problems, streetPricesShape } from './schemas.ts';

const Query = z.strictObject({
  cameras: z
    .string()
    .max(420)
    .transform((s) => s.split(',').map((id) => id.trim()))
    // Each one a camera id as the camera's own path takes it (an upper-case one is 400 there too).
    .pipe(z.array(CameraIdSchema))
    .describe('2–4 camera ids, comma-separated'),
});

const ComparisonSchema = z
  .object({
    cameras: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        brand: z.string(),
        model: z.string(),
        type: z.string(),
        specs: CameraSpecsSchema.partial(),
        ...streetPricesShape,
      }),
    ),
    fields: z.array(
      z.object({
        field: z
          .string()
          .describe(
            'sensorArea, cropFactor, megapixels, isoMin, isoMax, isoRange, weight, price, streetPrice (one row per currency, the cheapest offer of each camera), averageRating, …',
          ),
        unit: z.string().describe("e.g. mm², MP, g, USD; a streetPrice row's currency"),
        better: z.enum(['higher', 'lower', 'none']),
        values: z.array(
          z.object({ cameraId: z.string(), value: z.number().nullable(), display: z.string().nullable() }),
        ),
        bestCameraIds: z
          .array(z.string())
          .describe('the camera(s) with the best value; empty when undecidable'),
      }),
    ),
  })
  .meta({ id: 'Comparison' });

/** Drops proto-loader's virtual oneof markers from specs. */
const specsOf = (specs: object | null | undefined) =>
  Object.fromEntries(
    Object.entries(specs ?? {}).filter(([k, v]) => !k.startsWith('_') && v !== undefined && v !== null),
  );

/** Side-by-side comparison of 2–4 cameras with specs in common units and the better value marked (M28, M33). */
export function comparisonRoutes(app: RestApp, deps: RouteDeps) {
  app.get(
    '/v1/comparisons',
    {
      schema: {
        tags: ['cameras'],
        operationId: 'compareCameras',
        summary: 'Compare cameras',
        description:
          'Specs normalised to common units (sensor size in mm², crop factor, megapixels, ISO range in stops, weight in g, list price in USD), street prices partners report (one row per currency, never converted) and average scores; for each field the best camera(s). 400 for fewer than 2 or more than 4 cameras; 404 naming unknown ids.',
        querystring: Query,
        response: { 200: envelopeOf(ComparisonSchema), ...problems(400, 404, 406, 503) },
      },
    },
    async (request, reply) => {
      const result = await deps.upstreams.call(
        'content',
        'CompareCameras',
        { cameraIds: request.query.cameras },
        anonymous(request),
      );
      reply.header('Cache-Control', 'public, max-age=60, stale-while-revalidate=300');
      return envelope(request, {
        cameras: result.cameras.map((c) => ({
          id: c.id,
          name: c.name,
          brand: c.brand,
          model: c.model,
          type: c.type,
          specs: specsOf(c.specs),
          streetPrices: c.streetPrices.map(presentStreetPrice),
          lowestPrices: c.lowestPrices.map(presentStreetPrice),
        })),
        fields: result.fields.map((f) => ({
          field: f.field,
          unit: f.unit,
          better: f.better as 'higher' | 'lower' | 'none',
          values: f.values.map((v) => ({
            cameraId: v.cameraId,
            value: v.value ?? null,
            display: v.display ?? null,
          })),
          bestCameraIds: f.bestCameraIds,
        })),
      });
    },
  );
}
