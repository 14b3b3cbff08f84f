import { z } from 'zod';
import type { EventType } from './events.ts';
import { isStorableInstant, STORABLE_INSTANT_MESSAGE } from './inputs.ts';

/**
 * The audit log of editors' and admins' changes (GET /v1/audit-events): what it records and how it is
 * queried, shared by the gateway (query parameters) and the identity service (which keeps the log).
 */

/** The event types whose changes are recorded (each change an editor or admin made). */
export const AUDITED_EVENT_TYPES = [
  'editor.registered',
  'editor.updated',
  'camera.created',
  'camera.updated',
  'camera.deleted',
  'review.created',
  'review.updated',
  'review.published',
  'review.unpublished',
  'review.deleted',
  'image.uploaded',
  'image.deleted',
  'signing-keys.changed',
  'webhook-endpoint.created',
  'webhook-endpoint.updated',
  'webhook-endpoint.secret-rotated',
  'webhook-endpoint.deleted',
] as const satisfies readonly EventType[];

/** Every action an entry can name: the audited event types, and the changes identity records itself. */
export const AUDIT_ACTIONS = [...AUDITED_EVENT_TYPES, 'partner-key.created', 'partner-key.revoked'] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** The kinds of aggregate a change is about. */
export const AUDIT_SUBJECT_KINDS = [
  'editor',
  'camera',
  'review',
  'image',
  'signing-keys',
  'partner-key',
  'webhook-endpoint',
] as const;
export type AuditSubjectKind = (typeof AUDIT_SUBJECT_KINDS)[number];

/** Sizes of audit queries. */
export const AUDIT_LIMITS = {
  /** Actions one query may filter on. */
  actions: 20,
  /** Longest actor or subject id accepted in a filter. */
  id: 200,
  /** Entries one verification walks by default, and at most. */
  verifyDefault: 10_000,
  verifyMax: 100_000,
} as const;

const isoDate = z.iso
  .datetime({
    offset: true,
    message: 'must be an ISO 8601 date-time, e.g. 2026-11-30T09:00:00Z',
  })
  .refine(isStorableInstant, STORABLE_INSTANT_MESSAGE);
const id = z.string().min(1).max(AUDIT_LIMITS.id);

/** Which entries to list (every filter given must hold). */
export const AuditFilterSchema = z
  .strictObject({
    actorId: id.optional().describe('only changes made by this editor or admin (id)'),
    subjectId: id.optional().describe('only changes of this aggregate (review, camera, editor … id)'),
    subjectKind: z.enum(AUDIT_SUBJECT_KINDS).optional().describe('only changes of this kind of aggregate'),
    actions: z
      .array(z.enum(AUDIT_ACTIONS))
      .max(AUDIT_LIMITS.actions)
      .optional()
      .describe('only these actions'),
    since: isoDate.optional().describe('only changes made at or after this time'),
    until: isoDate.optional().describe('only changes made before this time'),
  })
  .refine((f) => !f.since || !f.until || Date.parse(f.since) < Date.parse(f.until), {
    message: 'must be after since',
    path: ['until'],
  });
export type AuditFilter = z.infer<typeof AuditFilterSchema>;
