// Original file: proto/content.proto

import type { CameraSpecs as _rcr_reviews_v1_CameraSpecs, CameraSpecs__Output as _rcr_reviews_v1_CameraSpecs__Output } from '../../../rcr/reviews/v1/CameraSpecs.ts';
import type { StreetPrice as _rcr_content_v1_StreetPrice, StreetPrice__Output as _rcr_content_v1_StreetPrice__Output } from '../../../rcr/content/v1/StreetPrice.ts';

export interface CameraSummary {
  'id'?: (string);
  'brand'?: (string);
  'model'?: (string);
  'type'?: (string);
  'specs'?: (_rcr_reviews_v1_CameraSpecs | null);
  'averageRating'?: (number | string);
  'reviewCount'?: (number);
  'version'?: (number);
  /**
   * Street prices partners reported (the latest per retailer): by currency, then cheapest first.
   */
  'streetPrices'?: (_rcr_content_v1_StreetPrice)[];
  /**
   * The cheapest street price in each currency, in currency order.
   */
  'lowestPrices'?: (_rcr_content_v1_StreetPrice)[];
}

export interface CameraSummary__Output {
  'id': (string);
  'brand': (string);
  'model': (string);
  'type': (string);
  'specs': (_rcr_reviews_v1_CameraSpecs__Output | null);
  'averageRating': (number);
  'reviewCount': (number);
  'version': (number);
  /**
   * Street prices partners reported (the latest per retailer): by currency, then cheapest first.
   */
  'streetPrices': (_rcr_content_v1_StreetPrice__Output)[];
  /**
   * The cheapest street price in each currency, in currency order.
   */
  'lowestPrices': (_rcr_content_v1_StreetPrice__Output)[];
}
