import { errors } from '@rcr/platform';

/** Kinds of entity whose applied version the read model can report. */
export type WatermarkKind = 'review' | 'camera';

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
/** How often the read model is checked while waiting (cheap: one indexed query). */
export const POLL_INTERVAL_MS = 15;

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
    if (w.kind !== 'review' && w.kind !== 'camera') problems.push(`#${i}: kind must be "review" or "camera"`);
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
 * Checks `reached` at once and then every `intervalMs` until it answers true or `timeoutMs` has passed;
 * resolves whether it was reached. Always checks at least once, also with a timeout of 0.
 */
export async function waitUntil(
  reached: () => Promise<boolean>,
  timeoutMs: number,
  intervalMs = POLL_INTERVAL_MS,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await reached()) return true;
    const left = deadline - Date.now();
    if (left <= 0) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, left)));
  }
}
