import { z } from 'zod';
import {
  CAMERA_LIMITS,
  CameraIdSchema,
  isStorableInstant,
  REVIEW_LIMITS,
  STORABLE_INSTANT_MESSAGE,
} from './inputs.ts';
import { SEARCH_TEXT_MAX_LENGTH } from './queries.ts';

/**
 * The formats of a review export: CSV (RFC 4180, formula-safe), JSON (NDJSON: one review a line), or a
 * zip of one JSON file a review with its images' display renditions and a CSV index (ADR 0032).
 */
export const EXPORT_FORMATS = ['csv', 'json', 'zip'] as const;
/** A format of a review export. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** The kinds of job a user asks for: an export of reviews (`export`), a camera comparison report as PDF (`report`). */
export const JOB_KINDS = ['export', 'report'] as const;
/** A kind of job a user asks for. */
export type JobKind = (typeof JOB_KINDS)[number];

/**
 * Every kind of job the queue runs: the users' kinds and the scheduled database backup (`backup`, ADR
 * 0033), which the jobs service queues itself and no user owns (never listed, pushed or sent to webhooks).
 */
export const QUEUED_JOB_KINDS = [...JOB_KINDS, 'backup'] as const;
/** A kind of job the queue runs. */
export type QueuedJobKind = (typeof QUEUED_JOB_KINDS)[number];

/** The states of a job; `succeeded` and `failed` are final. */
export const JOB_STATUSES = ['queued', 'running', 'succeeded', 'failed'] as const;
/** A state of a job. */
export type JobStatus = (typeof JOB_STATUSES)[number];

/**
 * Which published reviews an export holds (a subset of the public content list's filters, by field
 * name); every field optional, all given ones must match; any other field is refused.
 */
export const ExportFilterSchema = z.strictObject({
  cameraId: CameraIdSchema.optional(),
  brand: z.string().trim().min(CAMERA_LIMITS.brand.min).max(CAMERA_LIMITS.brand.max).optional(),
  authorId: z.uuid().optional(),
  minRating: z.number().min(REVIEW_LIMITS.rating.min).max(REVIEW_LIMITS.rating.max).optional(),
  q: z
    .string()
    .trim()
    .min(1)
    .max(SEARCH_TEXT_MAX_LENGTH)
    .optional()
    .describe('case-insensitive text the title, body or verdict contains'),
  publishedAfter: z.iso
    .datetime({ offset: true })
    .or(z.iso.date())
    .refine(isStorableInstant, STORABLE_INSTANT_MESSAGE)
    .optional()
    .describe('ISO 8601 date or date-time: reviews published at or after it'),
});
/** An export's filter as validated. */
export type ExportFilter = z.output<typeof ExportFilterSchema>;

/** The body of `POST /v1/exports`. */
export const ExportCreateInputSchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS, `must be ${EXPORT_FORMATS.map((f) => `'${f}'`).join(' or ')}`),
  filter: ExportFilterSchema.default({}),
});
/** An export request as validated. */
export type ExportCreateInput = z.output<typeof ExportCreateInputSchema>;

/** How many cameras one comparison report compares. */
export const REPORT_LIMITS = { cameras: { min: 2, max: 4 } } as const;

/** The body of `POST /v1/reports`: the cameras to compare, in the order the report shows them. */
export const ReportCreateInputSchema = z.strictObject({
  cameraIds: z
    .array(CameraIdSchema)
    .min(REPORT_LIMITS.cameras.min, `must list at least ${REPORT_LIMITS.cameras.min} cameras`)
    .max(REPORT_LIMITS.cameras.max, `must list at most ${REPORT_LIMITS.cameras.max} cameras`)
    .refine((ids) => new Set(ids).size === ids.length, 'must not list a camera twice')
    .describe('the cameras to compare (ids), 2–4, each once, in the order the report shows them'),
});
/** A report request as validated. */
export type ReportCreateInput = z.output<typeof ReportCreateInputSchema>;
