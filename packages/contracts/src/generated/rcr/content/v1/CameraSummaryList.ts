// Original file: proto/content.proto

import type { CameraSummary as _rcr_content_v1_CameraSummary, CameraSummary__Output as _rcr_content_v1_CameraSummary__Output } from '../../../rcr/content/v1/CameraSummary.ts';

export interface CameraSummaryList {
  'items'?: (_rcr_content_v1_CameraSummary)[];
  'total'?: (number);
  /**
   * Cursor of the page after this one; empty when there is none.
   */
  'nextCursor'?: (string);
}

export interface CameraSummaryList__Output {
  'items': (_rcr_content_v1_CameraSummary__Output)[];
  'total': (number);
  /**
   * Cursor of the page after this one; empty when there is none.
   */
  'nextCursor': (string);
}
