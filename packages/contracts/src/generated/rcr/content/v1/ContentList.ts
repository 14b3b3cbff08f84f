// Original file: proto/content.proto

import type { ContentItem as _rcr_content_v1_ContentItem, ContentItem__Output as _rcr_content_v1_ContentItem__Output } from '../../../rcr/content/v1/ContentItem.ts';

export interface ContentList {
  'items'?: (_rcr_content_v1_ContentItem)[];
  /**
   * Size of the whole filtered set (independent of page and cursor), exact unless total_is_estimate.
   */
  'total'?: (number);
  /**
   * Cursor of the page after this one; empty when there is none.
   */
  'nextCursor'?: (string);
  /**
   * Whether `total` is a bounded count (the cap: at least that many match) rather than the exact size.
   */
  'totalIsEstimate'?: (boolean);
}

export interface ContentList__Output {
  'items': (_rcr_content_v1_ContentItem__Output)[];
  /**
   * Size of the whole filtered set (independent of page and cursor), exact unless total_is_estimate.
   */
  'total': (number);
  /**
   * Cursor of the page after this one; empty when there is none.
   */
  'nextCursor': (string);
  /**
   * Whether `total` is a bounded count (the cap: at least that many match) rather than the exact size.
   */
  'totalIsEstimate': (boolean);
}
