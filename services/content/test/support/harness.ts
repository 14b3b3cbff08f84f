import * as grpc from '@grpc/grpc-js';
import { protos, type ContentV1, type EventData } from '@rcr/contracts';
import type { MemoryBus } from '@rcr/platform';
import {
  callUnary,
  createLogger,
  loadConfig,
  openEmbeddedBus,
  newEvent,
  newId,
  type RunningService,
} from '@rcr/platform';
import { contentConfigSchema, startContentService } from '../../src/index.ts';
import { asGateway, TEST_INTERNAL_ENV } from '../../../../test/support/internal-auth.ts';

/** A started content service (PGlite in memory, or PostgreSQL at `databaseUrl`) fed by an in-process bus. */
export interface ContentHarness {
  bus: MemoryBus;
  service: RunningService;
  listContent(request: ContentV1.ListContentRequest): Promise<ContentV1.ContentList__Output>;
  listCameras(request: ContentV1.ListCamerasRequest): Promise<ContentV1.CameraSummaryList__Output>;
  compareCameras(cameraIds: string[]): Promise<ContentV1.Comparison__Output>;
  awaitVersions(request: ContentV1.AwaitVersionsRequest): Promise<ContentV1.AwaitVersionsReply__Output>;
  publishCamera(data: EventData<'camera.created'>, type?: 'camera.created' | 'camera.updated'): Promise<void>;
  publishReview(
    data: EventData<'review.published'>,
    type?: 'review.published' | 'review.updated',
  ): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the service on a fresh database; `databaseUrl` undefined means PGlite in memory. `env` adds
 * settings of the content service.
 */
export async function startHarness(
  databaseUrl?: string,
  env: Record<string, string> = {},
): Promise<ContentHarness> {
  const config = loadConfig(contentConfigSchema, {
    ...TEST_INTERNAL_ENV,
    RCR_DATA_DIR: 'memory://',
    LOG_LEVEL: 'silent',
    GRPC_PORT: '0',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
    ...env,
  });
  const bus = await openEmbeddedBus({ namespace: 't', retrySchedule: [5, 5] });
  const service = await startContentService({ config, bus, log: createLogger('content', 'silent') });
  const client = asGateway(
    new protos.content.ContentService(service.address, grpc.credentials.createInsecure()),
  );
  return {
    bus,
    service,
    listContent: (request) => callUnary(client, client.listContent, request),
    listCameras: (request) => callUnary(client, client.listCameras, request),
    compareCameras: (cameraIds) => callUnary(client, client.compareCameras, { cameraIds }),
    awaitVersions: (request) => callUnary(client, client.awaitVersions, request, { timeoutMs: 10_000 }),
    async publishCamera(data, type = 'camera.created') {
      await bus.publish(newEvent('reviews', type, data.cameraId, data));
    },
    async publishReview(data, type = 'review.published') {
      await bus.publish(newEvent('reviews', type, data.reviewId, data));
    },
    async stop() {
      client.close();
      await service.stop();
      await bus.close();
    },
  };
}

/** A camera.created payload with a fresh id. */
export function cameraData(
  overrides: Partial<EventData<'camera.created'>> = {},
): EventData<'camera.created'> {
  return {
    cameraId: `cam-${newId()}`,
    brand: 'Fujifilm',
    model: 'X100VI',
    type: 'compact',
    specs: {},
    version: 1,
    ...overrides,
  };
}

/** A published review payload with fresh ids, of `camera`. */
export function reviewData(
  camera: { cameraId: string },
  overrides: Partial<EventData<'review.published'>> = {},
): EventData<'review.published'> {
  const reviewId = newId();
  return {
    reviewId,
    slug: `review-${reviewId}`,
    cameraId: camera.cameraId,
    authorId: `editor-${newId()}`,
    title: 'A camera',
    body: 'Plain text.',
    rating: 8,
    pros: [],
    cons: [],
    verdict: 'Fine',
    language: 'en',
    status: 'published',
    publishedAt: '2025-03-01T10:00:00.000Z',
    updatedAt: '2025-03-01T10:00:00.000Z',
    version: 2,
    ...overrides,
  };
}
