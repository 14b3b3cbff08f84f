// Original file: proto/identity.proto

import type { Long } from '@grpc/proto-loader';

export interface VerifyAuditLogRequest {
  /**
   * Start after this sequence number (0: from the first entry).
   */
  'after'?: (number | string | Long);
  /**
   * Most entries to check in this call (0: 10000; at most 100000).
   */
  'limit'?: (number);
}

export interface VerifyAuditLogRequest__Output {
  /**
   * Start after this sequence number (0: from the first entry).
   */
  'after': (number);
  /**
   * Most entries to check in this call (0: 10000; at most 100000).
   */
  'limit': (number);
}
