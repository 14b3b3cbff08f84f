// Original file: proto/content.proto

import type { Watermark as _rcr_content_v1_Watermark, Watermark__Output as _rcr_content_v1_Watermark__Output } from '../../../rcr/content/v1/Watermark.ts';

export interface AwaitVersionsRequest {
  'watermarks'?: (_rcr_content_v1_Watermark)[];
  /**
   * How long to wait at most, clamped to 0–5000 ms.
   */
  'timeoutMs'?: (number);
}

export interface AwaitVersionsRequest__Output {
  'watermarks': (_rcr_content_v1_Watermark__Output)[];
  /**
   * How long to wait at most, clamped to 0–5000 ms.
   */
  'timeoutMs': (number);
}
