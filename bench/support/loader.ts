import { protos, type ContentV1, type IdentityV1, type ReviewsV1 } from '@rcr/contracts';
import {
  AppError,
  callUnary,
  channelCredentials,
  InternalTokenSigner,
  signCallsOf,
  type Actor,
} from '@rcr/platform';
import type { Dataset } from './dataset.ts';
import { nowMs } from './publisher.ts';

/**
 * Loads a data set through the normal write path: identity's CreateEditor, reviews' CreateCamera,
 * CreateReview and PublishReview over gRPC, each call signed with an internal call token as the gateway
 * signs them (so it needs the system's RCR_INTERNAL_SIGNING_KEY). The services write their rows and
 * outbox events; the outbox relay, the bus and content's projection do the rest, and the loader waits
 * until content's read model lists every published review. Used by `npm run load` and the benchmarks.
 */

/** Where the services of a running distributed system listen, and the key the gateways sign with. */
export interface LoadTarget {
  identity: string;
  reviews: string;
  content: string;
  signingKey: string;
}

/** How the load went. */
export interface LoadOutcome {
  editors: number;
  cameras: number;
  reviews: number;
  published: number;
  /** gRPC calls made for the reviews (create + publish). */
  calls: number;
  /** Reviews created (and published) per second, write calls only. */
  writeMs: number;
  reviewsPerSecond: number;
  /** First review write → content lists every published review. */
  readModelMs: number;
  /** Reviews per second from the first write until the read model had them all. */
  endToEndPerSecond: number;
  /** Published reviews content lists in total (including any from before this load). */
  contentTotal: number;
  /** The editors' ids, in data set order (for callers that act as them afterwards). */
  editorIds: string[];
  cameraIds: string[];
}

export interface LoadOptions {
  /** Review calls kept in flight at once. */
  concurrency: number;
  /** Give up waiting for the read model after this long. */
  timeoutMs: number;
  progress?: (line: string) => void;
}

const ADMIN: Actor = { id: '00000000-0000-7000-8000-00000000ad01', role: 'admin' };

/** Signed gRPC clients for the three services. */
export class ServiceClients {
  readonly identity;
  readonly reviews;
  readonly content;

  constructor(target: LoadTarget) {
    const signer = new InternalTokenSigner(target.signingKey);
    const credentials = channelCredentials(undefined);
    this.identity = signCallsOf(new protos.identity.IdentityService(target.identity, credentials), signer);
    this.reviews = signCallsOf(new protos.reviews.ReviewsService(target.reviews, credentials), signer);
    this.content = signCallsOf(new protos.content.ContentService(target.content, credentials), signer);
  }

  /** Published reviews content lists (its `total` of the unfiltered list). */
  async contentTotal(): Promise<number> {
    const list: ContentV1.ContentList__Output = await callUnary(
      this.content,
      this.content.ListContent,
      { limit: 1 },
      { timeoutMs: 30_000 },
    );
    return list.total;
  }

  /** Cameras content lists. */
  async contentCameras(): Promise<number> {
    const list: ContentV1.CameraSummaryList__Output = await callUnary(
      this.content,
      this.content.ListCameras,
      { limit: 1 },
      { timeoutMs: 30_000 },
    );
    return list.total;
  }

  /** Waits (up to `timeoutMs`, at most 5 s) until content has applied `version` of review `id`. */
  async awaitReview(id: string, version: number, timeoutMs: number): Promise<boolean> {
    const reply: ContentV1.AwaitVersionsReply__Output = await callUnary(
      this.content,
      this.content.AwaitVersions,
      { watermarks: [{ kind: 'review', id, version }], timeoutMs },
      { timeoutMs: timeoutMs + 5000 },
    );
    return reply.reached;
  }

  close(): void {
    this.identity.close();
    this.reviews.close();
    this.content.close();
  }
}

/** Runs `work(i)` for i in 0…count−1 with at most `concurrency` running. */
async function inParallel(count: number, concurrency: number, work: (i: number) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < count) await work(next++);
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(concurrency, count)) }, worker));
}

/**
 * Retries a call the service refused as unavailable (it did not run), for up to about a minute: on a
 * machine shared with other work the services' database can stay out of reach for several seconds
 * (connections refused or timing out), and an hour-long load must ride that out.
 */
async function withRetry<T>(call: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await call();
    } catch (err) {
      const transient = err instanceof AppError && err.kind === 'unavailable';
      if (!transient || attempt >= 30) throw err;
      await new Promise((r) => setTimeout(r, Math.min(200 * attempt, 2000)));
    }
  }
}

/** Creates the editors, or finds them when an earlier load with the same seed made them. */
async function ensureEditors(clients: ServiceClients, dataset: Dataset): Promise<string[]> {
  const ids: string[] = [];
  let existing: Map<string, string> | undefined;
  for (const editor of dataset.editors) {
    try {
      const made: IdentityV1.Editor__Output = await callUnary(
        clients.identity,
        clients.identity.CreateEditor,
        { ...editor, role: 'editor' },
        { actor: ADMIN, timeoutMs: 30_000 },
      );
      ids.push(made.id);
    } catch (err) {
      if (!(err instanceof AppError) || err.kind !== 'conflict') throw err;
      existing ??= await allEditors(clients);
      const id = existing.get(editor.email);
      if (!id) throw err;
      ids.push(id);
    }
  }
  return ids;
}

async function allEditors(clients: ServiceClients): Promise<Map<string, string>> {
  const byEmail = new Map<string, string>();
  let cursor: string | undefined;
  do {
    const page: IdentityV1.EditorList__Output = await callUnary(
      clients.identity,
      clients.identity.ListEditors,
      { limit: 100, ...(cursor ? { cursor } : {}) },
      { actor: ADMIN, timeoutMs: 30_000 },
    );
    for (const e of page.items) byEmail.set(e.email, e.id);
    cursor = page.nextCursor || undefined;
  } while (cursor);
  return byEmail;
}

/** Waits until `check()` reaches `expected`, polling; throws after `timeoutMs`. */
async function waitFor(
  what: string,
  check: () => Promise<number>,
  expected: number,
  timeoutMs: number,
  progress?: (line: string) => void,
): Promise<number> {
  const started = nowMs();
  let lastReport = started;
  for (;;) {
    const value = await check().catch(() => -1);
    if (value >= expected) return value;
    const now = nowMs();
    if (now - started > timeoutMs) throw new Error(`${what}: ${value} of ${expected} after ${timeoutMs} ms`);
    if (progress && now - lastReport > 5000) {
      progress(`${what}: ${value} of ${expected}`);
      lastReport = now;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Loads `dataset` into the system at `target` and waits for content's read model to list it. */
export async function loadDataset(
  target: LoadTarget,
  dataset: Dataset,
  options: LoadOptions,
): Promise<LoadOutcome> {
  const clients = new ServiceClients(target);
  const progress = options.progress ?? (() => undefined);
  try {
    const totalBefore = await clients.contentTotal();
    const camerasBefore = await clients.contentCameras();
    const editorIds = await ensureEditors(clients, dataset);
    progress(`${editorIds.length} editors ready`);
    const cameraIds: string[] = new Array<string>(dataset.cameras.length);
    await inParallel(dataset.cameras.length, options.concurrency, async (i) => {
      const camera = dataset.cameras[i] as Dataset['cameras'][number];
      const made = await withRetry<ReviewsV1.Camera__Output>(() =>
        callUnary(clients.reviews, clients.reviews.CreateCamera, camera, { actor: ADMIN, timeoutMs: 30_000 }),
      );
      cameraIds[i] = made.id;
    });
    // Reviews of a camera the read model does not know yet would still be projected, but without the
    // camera's name: wait for the catalogue first (outside the timed window).
    await waitFor(
      'cameras in content',
      () => clients.contentCameras(),
      camerasBefore + cameraIds.length,
      options.timeoutMs,
      progress,
    );
    progress(`${cameraIds.length} cameras in the read model; loading ${dataset.reviews.length} reviews`);

    const published = dataset.reviews.filter((r) => r.publish).length;
    let calls = 0;
    let done = 0;
    const startedAt = nowMs();
    let lastReport = startedAt;
    await inParallel(dataset.reviews.length, options.concurrency, async (i) => {
      const review = dataset.reviews[i] as Dataset['reviews'][number];
      const actor: Actor = { id: editorIds[review.editor] as string, role: 'editor' };
      const { camera, editor, publish, ...fields } = review;
      void editor;
      const made = await withRetry<ReviewsV1.Review__Output>(() =>
        callUnary(
          clients.reviews,
          clients.reviews.CreateReview,
          { ...fields, cameraId: cameraIds[camera] as string },
          { actor, timeoutMs: 30_000 },
        ),
      );
      calls += 1;
      if (publish) {
        await withRetry(() =>
          callUnary(
            clients.reviews,
            clients.reviews.PublishReview,
            { id: made.id },
            { actor, timeoutMs: 30_000 },
          ),
        );
        calls += 1;
      }
      done += 1;
      const now = nowMs();
      if (now - lastReport > 5000) {
        lastReport = now;
        progress(
          `${done} of ${dataset.reviews.length} reviews written (${Math.round((done * 1000) / (now - startedAt))}/s)`,
        );
      }
    });
    const writtenAt = nowMs();
    progress(`reviews written in ${Math.round(writtenAt - startedAt)} ms; waiting for the read model`);
    const contentTotal = await waitFor(
      'published reviews in content',
      () => clients.contentTotal(),
      totalBefore + published,
      options.timeoutMs,
      progress,
    );
    const readyAt = nowMs();
    return {
      editors: editorIds.length,
      cameras: cameraIds.length,
      reviews: dataset.reviews.length,
      published,
      calls,
      writeMs: Math.round(writtenAt - startedAt),
      reviewsPerSecond: Math.round((dataset.reviews.length * 1000) / (writtenAt - startedAt)),
      readModelMs: Math.round(readyAt - startedAt),
      endToEndPerSecond: Math.round((dataset.reviews.length * 1000) / (readyAt - startedAt)),
      contentTotal,
      editorIds,
      cameraIds,
    };
  } finally {
    clients.close();
  }
}
