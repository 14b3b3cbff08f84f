// Original file: proto/content.proto

import type { CameraSpecs as _rcr_reviews_v1_CameraSpecs, CameraSpecs__Output as _rcr_reviews_v1_CameraSpecs__Output } from '../../../rcr/reviews/v1/CameraSpecs.ts';
import type { StreetPrice as _rcr_content_v1_StreetPrice, StreetPrice__Output as _rcr_content_v1_StreetPrice__Output } from '../../../rcr/content/v1/StreetPrice.ts';

/**
 * One compared camera, in request order.
 */
export interface ComparedCamera {
  'id'?: (string);
  /**
   * Brand and model.
   */
  'name'?: (string);
  'brand'?: (string);
  'model'?: (string);
  'type'?: (string);
  /**
   * The specs as stored (before normalisation).
   */
  'specs'?: (_rcr_reviews_v1_CameraSpecs | null);
  /**
   * The camera's read-model version (for ETags).
   */
  'version'?: (number);
  /**
   * As in CameraSummary: by currency, then cheapest first.
   */
  'streetPrices'?: (_rcr_content_v1_StreetPrice)[];
  /**
   * The cheapest street price in each currency, in currency order.
   */
  'lowestPrices'?: (_rcr_content_v1_StreetPrice)[];
}

/**
 * One compared camera, in request order.
 */
export interface ComparedCamera__Output {
  'id': (string);
  /**
   * Brand and model.
   */
  'name': (string);
  'brand': (string);
  'model': (string);
  'type': (string);
  /**
   * The specs as stored (before normalisation).
   */
  'specs': (_rcr_reviews_v1_CameraSpecs__Output | null);
  /**
   * The camera's read-model version (for ETags).
   */
  'version': (number);
  /**
   * As in CameraSummary: by currency, then cheapest first.
   */
  'streetPrices': (_rcr_content_v1_StreetPrice__Output)[];
  /**
   * The cheapest street price in each currency, in currency order.
   */
  'lowestPrices': (_rcr_content_v1_StreetPrice__Output)[];
}
