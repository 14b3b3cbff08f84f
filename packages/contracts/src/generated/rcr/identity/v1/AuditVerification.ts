// Original file: proto/identity.proto

import type { Long } from '@grpc/proto-loader';

export interface AuditVerification {
  'valid'?: (boolean);
  /**
   * Entries checked.
   */
  'checked'?: (number | string | Long);
  /**
   * The first entry whose place in the chain does not hold (0 when valid).
   */
  'firstBrokenSequence'?: (number | string | Long);
  /**
   * Why: missing, altered, unlinked or truncated (empty when valid).
   */
  'reason'?: (string);
  /**
   * The last entry checked (the next call's `after` when not complete).
   */
  'through'?: (number | string | Long);
  /**
   * Whether the walk reached the head of the chain.
   */
  'complete'?: (boolean);
  'headSequence'?: (number | string | Long);
  'headHash'?: (string);
}

export interface AuditVerification__Output {
  'valid': (boolean);
  /**
   * Entries checked.
   */
  'checked': (number);
  /**
   * The first entry whose place in the chain does not hold (0 when valid).
   */
  'firstBrokenSequence': (number);
  /**
   * Why: missing, altered, unlinked or truncated (empty when valid).
   */
  'reason': (string);
  /**
   * The last entry checked (the next call's `after` when not complete).
   */
  'through': (number);
  /**
   * Whether the walk reached the head of the chain.
   */
  'complete': (boolean);
  'headSequence': (number);
  'headHash': (string);
}
