import { z } from 'zod';

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };
const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m|h|d)$/;

/** Parses `500ms`, `2s`, `5m`, `36h` or `7d` into milliseconds; undefined when the text is not a duration. */
export function parseDuration(text: string): number | undefined {
  const match = DURATION.exec(text.trim());
  if (!match) return undefined;
  return Math.round(Number(match[1]) * (UNITS[match[2] as string] as number));
}

/** A config value holding one duration (`2s`, `7d`), parsed to milliseconds. */
export function durationSchema(defaultValue: string) {
  return z
    .string()
    .default(defaultValue)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: 'a duration like 500ms, 2s, 5m, 36h or 7d' });
        return z.NEVER;
      }
      return ms;
    });
}

/** A config value holding a comma-separated list of durations (`1s,5s,30s`), parsed to milliseconds. */
export function durationListSchema(defaultValue: string) {
  return z
    .string()
    .default(defaultValue)
    .transform((text, ctx) => {
      const parts = text.split(',').map((part) => parseDuration(part));
      if (parts.length === 0 || parts.some((ms) => ms === undefined)) {
        ctx.addIssue({ code: 'custom', message: 'a comma-separated list of durations like 1s,5s,30s,2m' });
        return z.NEVER;
      }
      return parts as number[];
    });
}
