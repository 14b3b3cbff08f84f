// Original file: proto/identity.proto

import type { AuditActor as _rcr_identity_v1_AuditActor, AuditActor__Output as _rcr_identity_v1_AuditActor__Output } from '../../../rcr/identity/v1/AuditActor.ts';
import type { AuditSubject as _rcr_identity_v1_AuditSubject, AuditSubject__Output as _rcr_identity_v1_AuditSubject__Output } from '../../../rcr/identity/v1/AuditSubject.ts';
import type { Long } from '@grpc/proto-loader';

/**
 * One recorded change, with its links in the hash chain.
 */
export interface AuditEvent {
  'sequence'?: (number | string | Long);
  /**
   * The event that reported the change; empty for changes identity recorded itself (partner keys).
   */
  'eventId'?: (string);
  'occurredAt'?: (string);
  'recordedAt'?: (string);
  'actor'?: (_rcr_identity_v1_AuditActor | null);
  /**
   * What was done: the event type (review.published, editor.updated, partner-key.revoked, …).
   */
  'action'?: (string);
  'subject'?: (_rcr_identity_v1_AuditSubject | null);
  'versionBefore'?: (number);
  'versionAfter'?: (number);
  /**
   * Whether changed_fields is known (a deletion, or a change whose previous state was not seen, has none).
   */
  'changedFieldsKnown'?: (boolean);
  'changedFields'?: (string)[];
  'previousHash'?: (string);
  'hash'?: (string);
  '_versionBefore'?: "versionBefore";
  '_versionAfter'?: "versionAfter";
}

/**
 * One recorded change, with its links in the hash chain.
 */
export interface AuditEvent__Output {
  'sequence': (number);
  /**
   * The event that reported the change; empty for changes identity recorded itself (partner keys).
   */
  'eventId': (string);
  'occurredAt': (string);
  'recordedAt': (string);
  'actor': (_rcr_identity_v1_AuditActor__Output | null);
  /**
   * What was done: the event type (review.published, editor.updated, partner-key.revoked, …).
   */
  'action': (string);
  'subject': (_rcr_identity_v1_AuditSubject__Output | null);
  'versionBefore'?: (number);
  'versionAfter'?: (number);
  /**
   * Whether changed_fields is known (a deletion, or a change whose previous state was not seen, has none).
   */
  'changedFieldsKnown': (boolean);
  'changedFields': (string)[];
  'previousHash': (string);
  'hash': (string);
  '_versionBefore'?: "versionBefore";
  '_versionAfter'?: "versionAfter";
}
