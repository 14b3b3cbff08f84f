import type { RcrEvent } from '@rcr/contracts';
import { errors } from '@rcr/platform';

/**
 * Kinds of entity whose applied version the read model can report; `event` is one applied event (by its
 * id, version 0), for changes that carry no version (editor events).
 */
export type WatermarkKind = 'review' | 'camera' | 'event';
const KINDS: ReadonlySet<string> = new Set<WatermarkKind>(['review', 'camera', 'event']);

/** A version of one entity that a write produced (the payload of a consistency token). */
export interface Watermark {
  kind: WatermarkKind;
  id: string;
  version: number;
}

/** Longest wait one call may ask for. */
export const MAX_WAIT_MS = 5000;
/** Most watermarks one call may carry. */
export const MAX_WATERMARKS = 50;
/**
 * How often the database is re-read while anyone waits: the safety net for versions this process is not
 * told about (applied by another replica of content). One query per interval for all waiters together.
 */
export const RECHECK_INTERVAL_MS = 250;
/** Default bound of waits held at once; more answer at once without waiting. */
export const DEFAULT_MAX_WAITS = 256;
/** Most entities one re-check query asks about. */
const RECHECK_BATCH = 500;

/** A validated wait request: the watermarks and the wait clamped to 0–MAX_WAIT_MS. */
export interface AwaitRequest {
  watermarks: Watermark[];
  timeoutMs: number;
}

/**
 * Validates a wait: each watermark needs kind `review` or `camera`, an id and a version ≥ 0, at most
 * MAX_WATERMARKS of them (else VALIDATION_FAILED on `watermarks`); the timeout is clamped, not refused.
 */
export function parseAwaitRequest(request: {
  watermarks?: readonly { kind?: string; id?: string; version?: number }[] | undefined;
  timeoutMs?: number | undefined;
}): AwaitRequest {
  const raw = request.watermarks ?? [];
  const problems: string[] = [];
  if (raw.length > MAX_WATERMARKS) problems.push(`at most ${MAX_WATERMARKS} watermarks`);
  const watermarks = raw.map((w, i): Watermark => {
    if (!KINDS.has(w.kind ?? '')) problems.push(`#${i}: kind must be "review", "camera" or "event"`);
    if (!w.id) problems.push(`#${i}: id is required`);
    if (!Number.isInteger(w.version) || (w.version ?? -1) < 0) problems.push(`#${i}: version must be ≥ 0`);
    return { kind: w.kind as WatermarkKind, id: w.id ?? '', version: w.version ?? 0 };
  });
  if (problems.length > 0) {
    throw errors.invalid('VALIDATION_FAILED', 'the watermarks are not valid', [
      { field: 'watermarks', message: problems.join('; ') },
    ]);
  }
  const timeout = Number.isFinite(request.timeoutMs) ? Math.trunc(request.timeoutMs ?? 0) : 0;
  return { watermarks, timeoutMs: Math.min(MAX_WAIT_MS, Math.max(0, timeout)) };
}

/**
 * The version an applied review or camera event leaves in the read model (its own, or a newer one it
 * found there); for events that carry no version (editors, inventory checks), the event itself.
 */
export function watermarkOf(event: RcrEvent): Watermark {
  const data = event.data as { reviewId?: unknown; cameraId?: unknown; version?: unknown };
  const itself: Watermark = { kind: 'event', id: event.id, version: 0 };
  if (typeof data.version !== 'number') return itself;
  if (event.type.startsWith('review.') && typeof data.reviewId === 'string')
    return { kind: 'review', id: data.reviewId, version: data.version };
  if (event.type.startsWith('camera.') && typeof data.cameraId === 'string')
    return { kind: 'camera', id: data.cameraId, version: data.version };
  return itself;
}

/** Reads the versions the read model holds for some entities (those it knows nothing of are left out). */
export type ReadAppliedVersions = (entities: readonly Watermark[]) => Promise<readonly Watermark[]>;

/** How a wait ended: every version applied, the time ran out, or too many waits were already held. */
export type WaitOutcome = 'reached' | 'timeout' | 'busy';

interface Waiter {
  /** `kind:id` → the version still awaited. */
  readonly pending: Map<string, number>;
  finish(outcome: WaitOutcome): void;
}

const keyOf = (w: { kind: string; id: string }) => `${w.kind}:${w.id}`;

function refOf(key: string, version: number): Watermark {
  const colon = key.indexOf(':');
  return { kind: key.slice(0, colon) as WatermarkKind, id: key.slice(colon + 1), version };
}

/**
 * Read-your-writes without polling: the projection reports each version it applied (after its
 * transaction committed) and a wait ends as soon as its last watermark is reported. A wait reads the
 * database once when it starts; while anyone waits, one query every `recheckEveryMs` re-reads all awaited
 * entities at once, for versions another replica applied. At most `maxWaits` waits are held; a wait
 * beyond that reads once and answers `busy` if not yet reached, so waiting cannot exhaust the service.
 */
export class VersionNotifier {
  readonly #waiters = new Set<Waiter>();
  readonly #byEntity = new Map<string, Set<Waiter>>();
  #recheck: ReturnType<typeof setTimeout> | undefined;
  readonly #maxWaits: number;
  readonly #recheckEveryMs: number;

  constructor(
    private readonly read: ReadAppliedVersions,
    options: { maxWaits?: number; recheckEveryMs?: number } = {},
  ) {
    this.#maxWaits = options.maxWaits ?? DEFAULT_MAX_WAITS;
    this.#recheckEveryMs = options.recheckEveryMs ?? RECHECK_INTERVAL_MS;
  }

  /** Waits held right now. */
  get waiting(): number {
    return this.#waiters.size;
  }

  /** The read model now holds `mark.id` at `mark.version` (or newer): ends the waits that needed no more. */
  applied(mark: Watermark): void {
    const key = keyOf(mark);
    const waiters = this.#byEntity.get(key);
    if (!waiters) return;
    for (const waiter of [...waiters]) {
      const needed = waiter.pending.get(key);
      if (needed === undefined || needed > mark.version) continue;
      waiter.pending.delete(key);
      waiters.delete(waiter);
      if (waiter.pending.size === 0) waiter.finish('reached');
    }
    if (waiters.size === 0) this.#byEntity.delete(key);
  }

  /** Waits until every watermark is applied or `timeoutMs` has passed; reads the database at least once. */
  async wait(watermarks: readonly Watermark[], timeoutMs: number): Promise<WaitOutcome> {
    const pending = new Map<string, number>();
    for (const w of watermarks) pending.set(keyOf(w), Math.max(w.version, pending.get(keyOf(w)) ?? 0));
    if (pending.size === 0) return 'reached';
    if (this.#waiters.size >= this.#maxWaits) return (await this.#readNow(pending)) ? 'reached' : 'busy';

    let finish!: (outcome: WaitOutcome) => void;
    const ended = new Promise<WaitOutcome>((resolve) => (finish = resolve));
    const waiter: Waiter = { pending, finish };
    // Registered before the first read: a version committed after that read is reported to this waiter.
    this.#add(waiter);
    let deadline: ReturnType<typeof setTimeout> | undefined;
    try {
      for (const mark of await this.read([...pending].map(([key, version]) => refOf(key, version))))
        this.applied(mark);
      if (pending.size === 0) return 'reached';
      if (timeoutMs <= 0) return 'timeout';
      deadline = setTimeout(() => finish('timeout'), timeoutMs);
      this.#scheduleRecheck();
      return await ended;
    } finally {
      clearTimeout(deadline);
      this.#remove(waiter);
    }
  }

  /** Ends every wait as `timeout` and stops re-checking (the service is stopping). */
  close(): void {
    clearTimeout(this.#recheck);
    this.#recheck = undefined;
    for (const waiter of [...this.#waiters]) waiter.finish('timeout');
  }

  async #readNow(pending: Map<string, number>): Promise<boolean> {
    const found = await this.read([...pending].map(([key, version]) => refOf(key, version)));
    return [...pending].every(([key, needed]) =>
      found.some((mark) => keyOf(mark) === key && mark.version >= needed),
    );
  }

  #add(waiter: Waiter): void {
    this.#waiters.add(waiter);
    for (const key of waiter.pending.keys()) {
      const set = this.#byEntity.get(key) ?? new Set<Waiter>();
      set.add(waiter);
      this.#byEntity.set(key, set);
    }
  }

  #remove(waiter: Waiter): void {
    this.#waiters.delete(waiter);
    for (const key of waiter.pending.keys()) {
      const set = this.#byEntity.get(key);
      set?.delete(waiter);
      if (set?.size === 0) this.#byEntity.delete(key);
    }
  }

  /** One timer for all waiters; the next re-check is scheduled only after this one has finished. */
  #scheduleRecheck(): void {
    if (this.#recheck !== undefined || this.#waiters.size === 0) return;
    this.#recheck = setTimeout(() => {
      void this.#recheckAll().finally(() => {
        this.#recheck = undefined;
        this.#scheduleRecheck();
      });
    }, this.#recheckEveryMs);
  }

  async #recheckAll(): Promise<void> {
    const awaited = [...this.#byEntity.keys()].map((key) => refOf(key, 0));
    for (let i = 0; i < awaited.length; i += RECHECK_BATCH) {
      try {
        for (const mark of await this.read(awaited.slice(i, i + RECHECK_BATCH))) this.applied(mark);
      } catch {
        // The database did not answer: the next re-check tries again; waits still end at their deadline.
      }
    }
  }
}
