import {
  CAMERA_LIMITS,
  CAMERA_SORT_FIELDS,
  CAMERA_TYPES,
  CameraIdSchema,
  CameraInputSchema,
  CameraPatchInputSchema,
  CameraTypeSchema,
  CONTENT_SORT_FIELDS,
  RELEVANCE_SORT_FIELD,
  REVIEW_LIMITS,
  ReviewCreateInputSchema,
  ReviewPatchInputSchema,
  SEARCH_TEXT_MAX_LENGTH,
  type ReviewsV1,
} from '@rcr/contracts';
import { AppError, errors, MAX_LIMIT } from '@rcr/platform';
import { z } from 'zod';
import { presentCamera, presentCameraSummary, presentReview, presentStreetPrice } from '../rest/present.ts';
import type { StreamedEvent } from '../realtime/event-streams.ts';
import { updateReviewRequest } from '../rest/reviews.ts';
import type { ContentSchema } from '../rest/schemas.ts';
import type { GraphQLContext } from './context.ts';
import type { CameraSummary, EditorAccount } from './loaders.ts';
import { subscribeTopic } from './subscriptions.ts';
import { enumName } from './type-defs.ts';

// ---------------------------------------------------------------------------------------------------
// Sources: what a parent resolver hands its fields.

/** A camera: its id, and whichever fields the parent already knows; the rest is loaded once per operation. */
interface CameraSource {
  id: string;
  known: Partial<CameraSummary>;
}

/** An editor: id, maybe the public name; account fields are loaded (admins or the editor themself). */
interface EditorSource {
  id: string;
  known: Partial<EditorAccount>;
}

/** A review from either side: the public content (published) or the reviews service (drafts too). */
interface ReviewSource {
  id: string;
  slug: string;
  title: string;
  body: string;
  rating: number;
  pros: string[];
  cons: string[];
  verdict: string;
  language: string;
  status: 'draft' | 'published';
  publishedAt: string | null;
  updatedAt: string;
  createdAt: string | null;
  version: number | null;
  camera: CameraSource;
  author: EditorSource;
  /** Ready images (the read model's); null for a review read from the write side. */
  images: PublishedReview['images'] | null;
}

/** One item of the content's JSON: the REST `PublishedReview` (the same stored bytes). */
type PublishedReview = z.output<typeof ContentSchema>;

const fromContent = (r: PublishedReview): ReviewSource => ({
  ...r,
  status: 'published',
  createdAt: null,
  version: null,
  images: r.images ?? [],
  camera: { id: r.camera.id, known: { id: r.camera.id, name: r.camera.name } },
  author: { id: r.author.id, known: { id: r.author.id, name: r.author.name } },
});

const fromReviews = (message: ReviewsV1.Review__Output): ReviewSource => {
  const r = presentReview(message);
  return {
    ...r,
    images: null,
    camera: { id: r.cameraId, known: { id: r.cameraId } },
    author: { id: r.authorId, known: { id: r.authorId } },
  };
};

const fromWriteSideCamera = (message: ReviewsV1.Camera__Output): CameraSource => {
  const c = presentCamera(message);
  return {
    id: c.id,
    known: {
      id: c.id,
      brand: c.brand,
      model: c.model,
      name: `${c.brand} ${c.model}`,
      type: c.type,
      specs: c.specs,
      version: c.version,
    },
  };
};

/** Camera specs without proto-loader's virtual oneof markers and unset fields (as REST shows them). */
const specsOf = (specs: object | null | undefined): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(specs ?? {}).filter(([k, v]) => !k.startsWith('_') && v !== undefined && v !== null),
  );

// ---------------------------------------------------------------------------------------------------
// Arguments: checked with the REST API's rules; failures are BAD_USER_INPUT with field errors.

/** Drops null arguments and input fields (GraphQL's "not given"), so the REST input schemas apply as they are. */
function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNulls) as T;
  if (value && typeof value === 'object')
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== null && v !== undefined)
        .map(([k, v]) => [k, withoutNulls(v)]),
    ) as T;
  return value;
}

/** Parses arguments with a zod schema; a failure names each bad field, as REST's 400 does. */
function parse<S extends z.ZodType>(schema: S, value: unknown, context: string): z.output<S> {
  const result = schema.safeParse(withoutNulls(value));
  if (result.success) return result.data;
  const fields = result.error.issues.map((issue) => ({
    field: [context, ...issue.path.map(String)].filter(Boolean).join('.'),
    message: issue.message,
  }));
  throw errors.invalid('VALIDATION_FAILED', `the ${context || 'arguments'} are invalid`, fields);
}

const first = z
  .number()
  .int()
  .min(1, 'must be at least 1')
  .max(MAX_LIMIT, `must be at most ${MAX_LIMIT}`)
  .default(20);
const sortList = (fields: readonly string[]) =>
  z
    .array(z.string().regex(new RegExp(`^[-+]?(${fields.join('|')})$`), `one of ${fields.join(', ')}`))
    .max(8)
    .optional();

const ContentArgs = z.object({
  q: z.string().min(1).max(SEARCH_TEXT_MAX_LENGTH).optional(),
  camera: z.string().max(CAMERA_LIMITS.id.max).optional(),
  brand: z.string().max(CAMERA_LIMITS.brand.max).optional(),
  editor: z.uuid().optional(),
  minRating: z.number().min(REVIEW_LIMITS.rating.min).max(REVIEW_LIMITS.rating.max).optional(),
  publishedAfter: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:?\d{2})?)?$/, 'an ISO 8601 date or date-time')
    .optional(),
  sort: sortList([...CONTENT_SORT_FIELDS, RELEVANCE_SORT_FIELD]),
  first,
  after: z.string().max(1000).optional(),
});
const CamerasArgs = z.object({
  brand: z.string().max(CAMERA_LIMITS.brand.max).optional(),
  type: CameraTypeSchema.optional(),
  q: z.string().min(1).max(SEARCH_TEXT_MAX_LENGTH).optional(),
  sort: sortList(CAMERA_SORT_FIELDS),
  first,
  after: z.string().max(1000).optional(),
});
const PageArgs = z.object({ first, after: z.string().max(1000).optional() });
const MyReviewsArgs = PageArgs.extend({
  status: z.enum(['draft', 'published']).optional(),
  camera: z.string().max(CAMERA_LIMITS.id.max).optional(),
});
const Uuid = z.object({ id: z.uuid('must be a review id (UUID)') });
const CameraId = z.object({ id: z.string().min(1).max(CAMERA_LIMITS.id.max) });
const ExpectedVersion = z.number().int().min(1).optional();

// ---------------------------------------------------------------------------------------------------
// Connections: Relay cursors over the services' page cursors.

/**
 * An edge cursor is "skip `o` items of the page that starts at service cursor `c`" (`c` empty: the first
 * page). The services only hand out a cursor per page, so an edge inside a page resumes by refetching
 * that page and skipping; the last edge of a full page carries the next page's own cursor.
 */
const encodeCursor = (c: string, o: number) => Buffer.from(JSON.stringify([c, o])).toString('base64url');

function decodeCursor(after: string | undefined): { c: string; o: number } {
  if (after === undefined) return { c: '', o: 0 };
  try {
    const value: unknown = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      Number.isInteger(value[1]) &&
      value[1] >= 0 &&
      value[1] < MAX_LIMIT
    )
      return { c: value[0], o: value[1] as number };
  } catch {
    // answered below
  }
  throw errors.invalid('CURSOR_INVALID', 'after must be a cursor from this API', [
    { field: 'after', message: 'is not a cursor of this list' },
  ]);
}

interface Page<T> {
  items: T[];
  total: number;
  nextCursor: string;
}

async function connection<T>(
  args: { first: number; after?: string | undefined },
  fetch: (cursor: string | undefined, limit: number) => Promise<Page<T>>,
) {
  const { c, o } = decodeCursor(args.after);
  const page = await fetch(c || undefined, Math.min(MAX_LIMIT, o + args.first));
  const items = page.items.slice(o);
  const edges = items.map((node, i) => ({ node, cursor: encodeCursor(c, o + i + 1) }));
  const last = edges.at(-1);
  if (last && page.nextCursor) last.cursor = encodeCursor(page.nextCursor, 0);
  return {
    edges,
    totalCount: page.total,
    pageInfo: { hasNextPage: page.nextCursor !== '', endCursor: last?.cursor ?? null },
  };
}

/** A page of the content's JSON (ListContentJson, as REST's /v1/content reads it). */
async function contentPage(
  ctx: GraphQLContext,
  request: Record<string, unknown>,
  cursor: string | undefined,
  limit: number,
): Promise<Page<ReviewSource>> {
  const list = await ctx.upstreams.call(
    'content',
    'ListContentJson',
    { ...request, page: 1, limit, cursor },
    ctx.calls.anonymous(),
  );
  const items = JSON.parse(Buffer.from(list.items).toString('utf8')) as PublishedReview[];
  return { items: items.map(fromContent), total: list.total, nextCursor: list.nextCursor };
}

// ---------------------------------------------------------------------------------------------------
// Field resolvers of the lazily loaded types.

async function loadCamera(source: CameraSource, ctx: GraphQLContext): Promise<CameraSummary> {
  const camera = await ctx.loaders.camera.load(source.id);
  if (!camera) throw errors.notFound('CAMERA_NOT_FOUND', `camera ${source.id} is not in the content yet`);
  return camera;
}

/** A camera field: from what the parent knew, else from the loaded camera. */
const cameraField =
  <K extends keyof CameraSummary>(key: K) =>
  async (source: CameraSource, _args: unknown, ctx: GraphQLContext) =>
    key in source.known ? source.known[key] : (await loadCamera(source, ctx))[key];

const editorField =
  <K extends keyof EditorAccount>(key: K) =>
  async (source: EditorSource, _args: unknown, ctx: GraphQLContext) =>
    key in source.known ? source.known[key] : (await ctx.loaders.editor.load(source.id))[key];

/** Whether a lookup's error means "there is none" (null) rather than a failure to report. */
const isNotFound = (err: unknown) => err instanceof AppError && err.kind === 'not-found';

type Args = Record<string, unknown>;

/** The resolvers of typeDefs (type-defs.ts). */
export const resolvers = {
  ReviewStatus: { DRAFT: 'draft', PUBLISHED: 'published' },
  CameraType: Object.fromEntries(CAMERA_TYPES.map((t) => [enumName(t), t])),

  Query: {
    content: async (_: unknown, raw: Args, ctx: GraphQLContext) => {
      const a = parse(ContentArgs, raw, '');
      const request = {
        q: a.q,
        cameraId: a.camera,
        brand: a.brand,
        authorId: a.editor,
        minRating: a.minRating,
        publishedAfter: a.publishedAfter,
        sort: a.sort ?? [],
      };
      return connection(a, (cursor, limit) => contentPage(ctx, request, cursor, limit));
    },

    review: async (_: unknown, raw: Args, ctx: GraphQLContext) => {
      const { slug, id } = withoutNulls(raw) as { slug?: string; id?: string };
      if ((slug === undefined) === (id === undefined))
        throw errors.invalid('VALIDATION_FAILED', 'give exactly one of slug and id', [
          { field: slug === undefined ? 'slug' : 'id', message: 'give exactly one of slug and id' },
        ]);
      try {
        if (slug !== undefined) {
          if (!/^[a-z0-9-]{1,120}$/.test(slug))
            throw errors.invalid('VALIDATION_FAILED', 'the arguments are invalid', [
              { field: 'slug', message: 'a review slug' },
            ]);
          const { item } = await ctx.upstreams.call(
            'content',
            'GetContentJson',
            { slug },
            ctx.calls.anonymous(),
          );
          return fromContent(JSON.parse(Buffer.from(item).toString('utf8')) as PublishedReview);
        }
        parse(Uuid, { id }, '');
        const meta = await ctx.calls.authenticated();
        return fromReviews(await ctx.upstreams.call('reviews', 'GetReview', { id: id as string }, meta));
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },

    camera: async (_: unknown, raw: Args, ctx: GraphQLContext) => {
      const { id } = parse(CameraId, raw, '');
      const camera = await ctx.loaders.camera.load(id);
      return camera ? { id, known: camera } : null;
    },

    cameras: async (_: unknown, raw: Args, ctx: GraphQLContext) => {
      const a = parse(CamerasArgs, raw, '');
      return connection(a, async (cursor, limit) => {
        const list = await ctx.upstreams.call(
          'content',
          'ListCameras',
          { page: 1, limit, brand: a.brand, type: a.type, q: a.q, sort: a.sort ?? [], cursor },
          ctx.calls.anonymous(),
        );
        const items = list.items.map((c) => {
          const known = { ...presentCameraSummary(c) };
          ctx.loaders.camera.prime(c.id, known);
          return { id: c.id, known };
        });
        return { items, total: list.total, nextCursor: list.nextCursor };
      });
    },

    comparison: async (_: unknown, raw: Args, ctx: GraphQLContext) => {
      const { ids } = parse(
        z.object({ ids: z.array(z.string().min(1).max(CAMERA_LIMITS.id.max)).max(10) }),
        raw,
        '',
      );
      const result = await ctx.upstreams.call(
        'content',
        'CompareCameras',
        { cameraIds: ids },
        ctx.calls.anonymous(),
      );
      return {
        cameras: result.cameras.map((c): CameraSource => ({
          id: c.id,
          known: {
            id: c.id,
            name: c.name,
            brand: c.brand,
            model: c.model,
            type: c.type as CameraSummary['type'],
            specs: specsOf(c.specs),
            version: c.version,
            streetPrices: c.streetPrices.map(presentStreetPrice),
            lowestPrices: c.lowestPrices.map(presentStreetPrice),
          },
        })),
        fields: result.fields.map((f) => ({
          ...f,
          values: f.values.map((v) => ({
            cameraId: v.cameraId,
            value: v.value ?? null,
            display: v.display ?? null,
          })),
        })),
      };
    },

    editor: async (_: unknown, raw: Args, ctx: GraphQLContext) => {
      const { id } = parse(z.object({ id: z.uuid('must be an editor id (UUID)') }), raw, '');
      try {
        const editor = await ctx.loaders.editor.load(id);
        return { id, known: editor };
      } catch (err) {
        if (isNotFound(err)) return null;
        throw err;
      }
    },

    myReviews: async (_: unknown, raw: Args, ctx: GraphQLContext) => {
      const a = parse(MyReviewsArgs, raw, '');
      const meta = await ctx.calls.authenticated();
      return connection(a, async (cursor, limit) => {
        const list = await ctx.upstreams.call(
          'reviews',
          'ListReviews',
          { page: 1, limit, status: a.status, mineOnly: false, cameraId: a.camera, sort: [], cursor },
          meta,
        );
        return { items: list.items.map(fromReviews), total: list.total, nextCursor: list.nextCursor };
      });
    },
  },

  Mutation: {
    createReview: async (_: unknown, raw: Args, ctx: GraphQLContext) => {
      const meta = await ctx.calls.authenticated();
      const input = parse(ReviewCreateInputSchema, raw.input, 'input');
      return fromReviews(await ctx.upstreams.call('reviews', 'CreateReview', input, meta));
    },

    updateReview: async (_: unknown, raw: Args, ctx: GraphQLContext) => {
      const meta = await ctx.calls.authenticated();
      const { id } = parse(Uuid, { id: raw.id }, '');
      const body = parse(ReviewPatchInputSchema, raw.input, 'input');
      const expectedVersion = parse(ExpectedVersion, raw.expectedVersion ?? undefined, 'expectedVersion');
      const review = await ctx.upstreams.call(
        'reviews',
        'UpdateReview',
        updateReviewRequest(id, body, expectedVersion),
        meta,
      );
      // As REST: only edits of a published review reach the read model.
      if (review.status === 'published')
        ctx.issueConsistencyToken(meta.actor.id, [
          { kind: 'review', id: review.id, version: review.version },
        ]);
      return fromReviews(review);
    },

    publishReview: (_: unknown, raw: Args, ctx: GraphQLContext) => publication(raw, ctx, 'PublishReview'),
    unpublishReview: (_: unknown, raw: Args, ctx: GraphQLContext) => publication(raw, ctx, 'UnpublishReview'),

    deleteReview: async (_: unknown, raw: Args, ctx: GraphQLContext) => {
      const meta = await ctx.calls.authenticated();
      const { id } = parse(Uuid, { id: raw.id }, '');
      const expectedVersion = parse(ExpectedVersion, raw.expectedVersion ?? undefined, 'expectedVersion');
      await ctx.upstreams.call('reviews', 'DeleteReview', { id, expectedVersion }, meta);
      return id;
    },

    createCamera: async (_: unknown, raw: Args, ctx: GraphQLContext) => {
      const meta = await ctx.calls.authenticated();
      const input = parse(CameraInputSchema, raw.input, 'input');
      const camera = await ctx.upstreams.call('reviews', 'CreateCamera', input, meta);
      ctx.issueConsistencyToken(meta.actor.id, [{ kind: 'camera', id: camera.id, version: camera.version }]);
      return fromWriteSideCamera(camera);
    },

    updateCamera: async (_: unknown, raw: Args, ctx: GraphQLContext) => {
      const meta = await ctx.calls.authenticated();
      const { id } = parse(CameraId, { id: raw.id }, '');
      const input = parse(CameraPatchInputSchema, raw.input, 'input');
      const expectedVersion = parse(ExpectedVersion, raw.expectedVersion ?? undefined, 'expectedVersion');
      const camera = await ctx.upstreams.call(
        'reviews',
        'UpdateCamera',
        { id, ...input, replaceSpecs: false, expectedVersion },
        meta,
      );
      ctx.issueConsistencyToken(meta.actor.id, [{ kind: 'camera', id: camera.id, version: camera.version }]);
      return fromWriteSideCamera(camera);
    },

    deleteCamera: async (_: unknown, raw: Args, ctx: GraphQLContext) => {
      const meta = await ctx.calls.authenticated();
      const { id } = parse(CameraId, { id: raw.id }, '');
      const expectedVersion = parse(ExpectedVersion, raw.expectedVersion ?? undefined, 'expectedVersion');
      await ctx.upstreams.call('reviews', 'DeleteCamera', { id, expectedVersion }, meta);
      return id;
    },
  },

  Subscription: {
    reviewPublished: {
      subscribe: (_: unknown, raw: Args, ctx: GraphQLContext) => {
        const { cameraId } = parse(
          // The topic names a camera id as the other push protocols take it (not any text).
          z.object({ cameraId: CameraIdSchema.optional() }),
          raw,
          '',
        );
        if (!ctx.streams)
          throw errors.unavailable('SUBSCRIPTIONS_UNAVAILABLE', 'this server has no event streams');
        return subscribeTopic(ctx.streams, cameraId ? `camera:${cameraId}` : 'feed', 'review.published');
      },
      resolve: (streamed: StreamedEvent) => {
        const data = streamed.event.data as {
          reviewId: string;
          slug: string;
          cameraId: string;
          title: string;
          rating: number;
          publishedAt: string | null;
          version: number;
        };
        return { ...data, position: String(streamed.position) };
      },
    },
  },

  ReviewPublished: {
    /**
     * The content as published: waits (bounded) until the read model has applied this version. Every
     * subscriber of this gateway shares one read per event.
     */
    review: (
      published: { reviewId: string; slug: string; version: number },
      _: unknown,
      ctx: GraphQLContext,
    ) =>
      ctx.shared.once(`review:${published.reviewId}:${published.version}`, async () => {
        const meta = ctx.calls.anonymous();
        await ctx.upstreams.call(
          'content',
          'AwaitVersions',
          {
            watermarks: [{ kind: 'review', id: published.reviewId, version: published.version }],
            timeoutMs: 2000,
          },
          meta,
        );
        try {
          const { item } = await ctx.upstreams.call(
            'content',
            'GetContentJson',
            { slug: published.slug },
            meta,
          );
          return fromContent(JSON.parse(Buffer.from(item).toString('utf8')) as PublishedReview);
        } catch (err) {
          if (isNotFound(err)) return null;
          throw err;
        }
      }),
  },

  Review: {
    status: (r: ReviewSource) => r.status,
  },

  Camera: {
    name: cameraField('name'),
    brand: cameraField('brand'),
    model: cameraField('model'),
    type: cameraField('type'),
    specs: cameraField('specs'),
    averageRating: cameraField('averageRating'),
    reviewCount: cameraField('reviewCount'),
    version: cameraField('version'),
    streetPrices: cameraField('streetPrices'),
    lowestPrices: cameraField('lowestPrices'),
    reviews: async (source: CameraSource, raw: Args, ctx: GraphQLContext) => {
      const a = parse(PageArgs, raw, '');
      return connection(a, (cursor, limit) => contentPage(ctx, { cameraId: source.id }, cursor, limit));
    },
  },

  Editor: {
    name: editorField('name'),
    email: editorField('email'),
    role: editorField('role'),
    active: editorField('active'),
    createdAt: editorField('createdAt'),
    updatedAt: editorField('updatedAt'),
    version: editorField('version'),
  },
};

async function publication(raw: Args, ctx: GraphQLContext, rpc: 'PublishReview' | 'UnpublishReview') {
  const meta = await ctx.calls.authenticated();
  const { id } = parse(Uuid, { id: raw.id }, '');
  const review = await ctx.upstreams.call('reviews', rpc, { id }, meta);
  ctx.issueConsistencyToken(meta.actor.id, [{ kind: 'review', id: review.id, version: review.version }]);
  return fromReviews(review);
}
