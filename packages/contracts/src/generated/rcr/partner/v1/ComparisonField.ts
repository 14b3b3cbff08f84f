// Original file: proto/partner.proto

import type { ComparedValue as _rcr_partner_v1_ComparedValue, ComparedValue__Output as _rcr_partner_v1_ComparedValue__Output } from '../../../rcr/partner/v1/ComparedValue.ts';

export interface ComparisonField {
  /**
   * sensorArea, cropFactor, megapixels, isoMin, isoMax, isoRange, weight, price, averageRating, …
   */
  'field'?: (string);
  'unit'?: (string);
  /**
   * "higher", "lower" or "none".
   */
  'better'?: (string);
  'values'?: (_rcr_partner_v1_ComparedValue)[];
  /**
   * The camera(s) with the best known value; empty when undecidable.
   */
  'bestCameraIds'?: (string)[];
}

export interface ComparisonField__Output {
  /**
   * sensorArea, cropFactor, megapixels, isoMin, isoMax, isoRange, weight, price, averageRating, …
   */
  'field': (string);
  'unit': (string);
  /**
   * "higher", "lower" or "none".
   */
  'better': (string);
  'values': (_rcr_partner_v1_ComparedValue__Output)[];
  /**
   * The camera(s) with the best known value; empty when undecidable.
   */
  'bestCameraIds': (string)[];
}
