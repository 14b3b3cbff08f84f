// Original file: proto/media.proto

import type { Rendition as _rcr_media_v1_Rendition, Rendition__Output as _rcr_media_v1_Rendition__Output } from '../../../rcr/media/v1/Rendition.ts';
import type { Long } from '@grpc/proto-loader';

export interface Image {
  'id'?: (string);
  'reviewId'?: (string);
  /**
   * pending (renditions being made) | ready | failed
   */
  'status'?: (string);
  /**
   * Of the original, as sniffed from its bytes.
   */
  'contentType'?: (string);
  'width'?: (number);
  'height'?: (number);
  'bytes'?: (number | string | Long);
  'display'?: (_rcr_media_v1_Rendition | null);
  'thumbnail'?: (_rcr_media_v1_Rendition | null);
  'uploaderId'?: (string);
  'createdAt'?: (string);
  'error'?: (string);
  '_display'?: "display";
  '_thumbnail'?: "thumbnail";
  '_error'?: "error";
}

export interface Image__Output {
  'id': (string);
  'reviewId': (string);
  /**
   * pending (renditions being made) | ready | failed
   */
  'status': (string);
  /**
   * Of the original, as sniffed from its bytes.
   */
  'contentType': (string);
  'width': (number);
  'height': (number);
  'bytes': (number);
  'display'?: (_rcr_media_v1_Rendition__Output | null);
  'thumbnail'?: (_rcr_media_v1_Rendition__Output | null);
  'uploaderId': (string);
  'createdAt': (string);
  'error'?: (string);
  '_display'?: "display";
  '_thumbnail'?: "thumbnail";
  '_error'?: "error";
}
