import { errors, newEvent, newId, type Actor, type Emit, type Logger, type Queryable } from '@rcr/platform';
import type { EventData, RcrEvent } from '@rcr/contracts';
import { cameraEvent, reviewEvent, SOURCE } from '../events/publishers.ts';
import { findCameraIncludingDeleted } from '../store/camera-repository.ts';
import {
  insertReconciliation,
  inventoryPage,
  startedWithin,
  recordCheckedPart,
  type InventoryKind,
  type Reconciliation,
} from '../store/reconciliation-repository.ts';
import { findReview } from '../store/review-repository.ts';
import type { ReviewsDeps } from './deps.ts';

/** Aggregates per inventory part (one event each); ~45 bytes per entry keeps a part well under 100 KB. */
export const PART_SIZE = 1000;

/**
 * Starts an anti-entropy run: this service (the owner of reviews and cameras) takes an inventory of every
 * aggregate — id, version and whether the public should see it — and publishes it in parts
 * (`inventory.taken`); the read model compares each part with what it holds and answers with the drift it
 * found (`inventory.checked`), which `repairDrift` fixes by re-emitting snapshots. Admins only.
 */
export async function startReconciliation(
  deps: ReviewsDeps,
  actor: Actor | 'schedule',
  /** Scheduled runs: skip when another run started less than this long ago (another replica's). */
  unlessStartedWithinMs?: number,
): Promise<Reconciliation | undefined> {
  if (actor !== 'schedule' && actor.role !== 'admin') {
    throw errors.forbidden('ADMIN_ONLY', 'only administrators may start a reconciliation');
  }
  const runId = newId();
  const kinds: InventoryKind[] = ['review', 'camera'];
  return deps.outbox.transaction(async (tx, emit) => {
    if (unlessStartedWithinMs !== undefined && (await startedWithin(tx, unlessStartedWithinMs)))
      return undefined;
    const parts: EventData<'inventory.taken'>[] = [];
    for (const kind of kinds) {
      let after: string | null = null;
      for (;;) {
        const items = await inventoryPage(tx, kind, after, PART_SIZE);
        const last = items.length < PART_SIZE;
        parts.push({
          runId,
          kind,
          part: 0,
          parts: 0,
          after,
          until: last ? null : (items.at(-1)?.[0] ?? null),
          items,
        });
        if (last) break;
        after = items.at(-1)?.[0] ?? null;
      }
    }
    parts.forEach((part, index) => Object.assign(part, { part: index + 1, parts: parts.length }));
    const run = await insertReconciliation(tx, {
      id: runId,
      trigger: actor === 'schedule' ? 'schedule' : 'admin',
      parts: parts.length,
    });
    for (const part of parts) await emit(newEvent(SOURCE, 'inventory.taken', runId, part));
    return run;
  });
}

/** What repairing one drift did. */
type RepairOutcome = { repaired: true; event: RcrEvent } | { repaired: false };

/**
 * Repairs the drift the read model reported for one inventory part: the owner's current state of each
 * aggregate is sent again (a snapshot newer than what the read model holds replaces it; a deleted
 * aggregate gets a deletion newer than the read model's version). A `mismatch` at a version the read model
 * already has cannot be fixed by re-sending and is counted as unrepairable. Runs in the consumer's
 * transaction (inbox + outbox), so a redelivered report repairs nothing twice.
 */
export async function repairDrift(tx: Queryable, emit: Emit, report: EventData<'inventory.checked'>) {
  const repairs: { kind: InventoryKind; id: string; reason: string }[] = [];
  let unrepairable = 0;
  for (const drift of report.drift) {
    const outcome = report.kind === 'review' ? await repairReview(tx, drift) : await repairCamera(tx, drift);
    if (!outcome.repaired) {
      unrepairable += 1;
      continue;
    }
    await emit(outcome.event);
    repairs.push({ kind: report.kind, id: drift.id, reason: drift.reason });
  }
  await recordCheckedPart(tx, report, repairs, unrepairable);
}

type Drift = EventData<'inventory.checked'>['drift'][number];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

async function repairReview(tx: Queryable, drift: Drift): Promise<RepairOutcome> {
  const current = UUID.test(drift.id) ? await findReview(tx, drift.id) : undefined;
  if (!current) {
    return {
      repaired: true,
      event: newEvent(SOURCE, 'review.deleted', drift.id, {
        reviewId: drift.id,
        cameraId: drift.cameraId ?? '',
        authorId: drift.authorId ?? '',
        version: drift.version + 1,
      }),
    };
  }
  if (current.version <= drift.version) return { repaired: false };
  return { repaired: true, event: reviewEvent('review.updated', current) };
}

async function repairCamera(tx: Queryable, drift: Drift): Promise<RepairOutcome> {
  const current = await findCameraIncludingDeleted(tx, drift.id);
  if (!current || current.deleted) {
    const version = Math.max(drift.version, current?.camera.version ?? 0) + 1;
    return {
      repaired: true,
      event: newEvent(SOURCE, 'camera.deleted', drift.id, { cameraId: drift.id, version }),
    };
  }
  if (current.camera.version <= drift.version) return { repaired: false };
  return { repaired: true, event: cameraEvent('camera.updated', current.camera) };
}

/**
 * Runs `startReconciliation` every `everyMs` (0: never). With several replicas only one run starts per
 * interval: each replica checks, in the run's own transaction, that none started within the interval.
 */
export function scheduleReconciliation(deps: ReviewsDeps, everyMs: number, log: Logger): { stop(): void } {
  if (everyMs <= 0) return { stop: () => undefined };
  const timer = setInterval(() => {
    startReconciliation(deps, 'schedule', everyMs)
      .then((run) => run && log.info({ runId: run.id, parts: run.parts }, 'scheduled reconciliation started'))
      .catch((err: unknown) => log.warn({ err: (err as Error).message }, 'scheduled reconciliation failed'));
  }, everyMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
