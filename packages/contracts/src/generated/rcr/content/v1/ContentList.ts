// Original file: proto/content.proto

import type { ContentItem as _rcr_content_v1_ContentItem, ContentItem__Output as _rcr_content_v1_ContentItem__Output } from '../../../rcr/content/v1/ContentItem.ts';

export interface ContentList {
  'items'?: (_rcr_content_v1_ContentItem)[];
  'total'?: (number);
}

export interface ContentList__Output {
  'items': (_rcr_content_v1_ContentItem__Output)[];
  'total': (number);
}
