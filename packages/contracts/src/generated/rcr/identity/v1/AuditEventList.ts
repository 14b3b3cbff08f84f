// Original file: proto/identity.proto

import type { AuditEvent as _rcr_identity_v1_AuditEvent, AuditEvent__Output as _rcr_identity_v1_AuditEvent__Output } from '../../../rcr/identity/v1/AuditEvent.ts';

export interface AuditEventList {
  'items'?: (_rcr_identity_v1_AuditEvent)[];
  /**
   * Cursor of the next page; empty on the last one.
   */
  'nextCursor'?: (string);
}

export interface AuditEventList__Output {
  'items': (_rcr_identity_v1_AuditEvent__Output)[];
  /**
   * Cursor of the next page; empty on the last one.
   */
  'nextCursor': (string);
}
