import { parseDuration } from '@rcr/platform';
import type { Table } from './report.ts';

/** One option of a scenario: its default (as typed on the command line) and what it means. */
export interface OptionSpec {
  default: string;
  help: string;
}

/** What a scenario hands back: tables to print and the figures to store as JSON. */
export interface ScenarioOutcome {
  tables: Table[];
  figures: unknown;
}

/** What the runner gives a scenario besides its options. */
export interface ScenarioContext {
  /** Progress for the operator (stderr, so stdout stays the report). */
  progress(line: string): void;
  /** The results directory (`--out`), for scenarios that write more than the JSON (e.g. query plans). */
  out: string;
}

/** One benchmark: `npm run bench -- <name> [--option value …]`. */
export interface Scenario {
  /** One line for `npm run bench -- --help`. */
  summary: string;
  /** Infrastructure it needs (checked before it starts). */
  requires: readonly ('PostgreSQL' | 'NATS' | 'Redis')[];
  /** Its options, all given as `--name value`. */
  options: Record<string, OptionSpec>;
  run(options: Record<string, string>, context: ScenarioContext): Promise<ScenarioOutcome>;
}

/** Thrown for a bad command line; the runner prints the message and the usage. */
export class UsageError extends Error {}

/** A positive integer option. */
export function intOption(options: Record<string, string>, name: string, min = 1): number {
  const value = Number(options[name]);
  if (!Number.isInteger(value) || value < min) throw new UsageError(`--${name} must be an integer ≥ ${min}`);
  return value;
}

/** A comma-separated list of positive integers. */
export function intListOption(options: Record<string, string>, name: string): number[] {
  const values = (options[name] ?? '').split(',').map((part) => Number(part.trim()));
  if (values.length === 0 || values.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new UsageError(`--${name} must be a comma-separated list of integers ≥ 1`);
  }
  return values;
}

/** A duration option (`500ms`, `3s`, `2m`), in milliseconds. */
export function durationOption(options: Record<string, string>, name: string): number {
  const ms = parseDuration(options[name] ?? '');
  if (ms === undefined) throw new UsageError(`--${name} must be a duration like 500ms, 3s or 2m`);
  return ms;
}

/** A comma-separated list of words, each one of `allowed`. */
export function choiceListOption<T extends string>(
  options: Record<string, string>,
  name: string,
  allowed: readonly T[],
): T[] {
  const values = (options[name] ?? '').split(',').map((part) => part.trim());
  const bad = values.filter((v) => !(allowed as readonly string[]).includes(v));
  if (values.length === 0 || bad.length > 0) {
    throw new UsageError(`--${name} takes a comma-separated list of ${allowed.join(', ')}`);
  }
  return values as T[];
}
