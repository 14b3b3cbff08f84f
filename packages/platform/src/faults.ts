import { z } from 'zod';

/**
 * Fault injection for tests and drills (`RCR_FAULTS`, comma-separated; never set it in production):
 * - `disable-inbox`: consumers apply redelivered events again (proves the kill test can fail);
 * - `crash-after-apply:<n>`: the process SIGKILLs itself right after the n-th effect it applies commits,
 *   before the bus learns of it, so that event is redelivered;
 * - `slow-reply:<ms>`: every gRPC answer is held back this long after its work is done (a caller that
 *   gives up, or dies, after the write committed);
 * - `crash-mid-job:<n>`: a job worker SIGKILLs its process half-way through the n-th job it runs (after
 *   some progress was recorded, before the result is stored; media: after an image's renditions are
 *   stored, before the image is recorded ready), so the job is redelivered;
 * - `crash-after-job:<n>`: a job worker SIGKILLs its process right after the n-th job's completion
 *   committed, before the queue learns of it, so the finished job is delivered again.
 */
export interface Faults {
  disableInbox: boolean;
  crashAfterApply?: number | undefined;
  /** `slow-reply:<ms>`: every gRPC answer leaves this long after its work committed (a slow network). */
  slowReplyMs?: number | undefined;
  /** `crash-mid-job:<n>`: die half-way through the n-th job run by this process. */
  crashMidJob?: number | undefined;
  /** `crash-after-job:<n>`: die right after the n-th job's completion committed. */
  crashAfterJob?: number | undefined;
}

/** No fault injected. */
export const NO_FAULTS: Faults = Object.freeze({ disableInbox: false });

/** `RCR_FAULTS` parsed (see `Faults`); an unknown fault name is a configuration error. */
export const faultsSchema = z
  .string()
  .default('')
  .transform((text, ctx): Faults => {
    const faults: Faults = { disableInbox: false };
    for (const part of text
      .split(',')
      .map((p) => p.trim())
      .filter(Boolean)) {
      const crash = /^crash-after-apply:(\d{1,6})$/.exec(part);
      const slow = /^slow-reply:(\d{1,6})$/.exec(part);
      const job = /^crash-(mid|after)-job:(\d{1,6})$/.exec(part);
      if (part === 'disable-inbox') faults.disableInbox = true;
      else if (crash) faults.crashAfterApply = Math.max(1, Number(crash[1]));
      else if (slow) faults.slowReplyMs = Number(slow[1]);
      else if (job?.[1] === 'mid') faults.crashMidJob = Math.max(1, Number(job[2]));
      else if (job) faults.crashAfterJob = Math.max(1, Number(job[2]));
      else ctx.addIssue({ code: 'custom', message: `unknown fault "${part}"` });
    }
    return faults;
  });

/** Whether any fault is injected (worth a warning at start). */
export function hasFaults(faults: Faults): boolean {
  return (
    faults.disableInbox ||
    faults.crashAfterApply !== undefined ||
    faults.slowReplyMs !== undefined ||
    faults.crashMidJob !== undefined ||
    faults.crashAfterJob !== undefined
  );
}
