// Original file: proto/media.proto

import type { UploadMeta as _rcr_media_v1_UploadMeta, UploadMeta__Output as _rcr_media_v1_UploadMeta__Output } from '../../../rcr/media/v1/UploadMeta.ts';

export interface UploadChunk {
  'meta'?: (_rcr_media_v1_UploadMeta | null);
  'data'?: (Buffer | Uint8Array | string);
  'part'?: "meta"|"data";
}

export interface UploadChunk__Output {
  'meta'?: (_rcr_media_v1_UploadMeta__Output | null);
  'data'?: (Buffer);
  'part'?: "meta"|"data";
}
