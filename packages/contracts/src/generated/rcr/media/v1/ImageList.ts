// Original file: proto/media.proto

import type { Image as _rcr_media_v1_Image, Image__Output as _rcr_media_v1_Image__Output } from '../../../rcr/media/v1/Image.ts';

export interface ImageList {
  'items'?: (_rcr_media_v1_Image)[];
}

export interface ImageList__Output {
  'items': (_rcr_media_v1_Image__Output)[];
}
