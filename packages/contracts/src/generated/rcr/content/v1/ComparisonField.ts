// Original file: proto/content.proto

import type { ComparedValue as _rcr_content_v1_ComparedValue, ComparedValue__Output as _rcr_content_v1_ComparedValue__Output } from '../../../rcr/content/v1/ComparedValue.ts';

/**
 * One row of the comparison.
 */
export interface ComparisonField {
  /**
   * API name: sensorArea, sensorWidth, sensorHeight, cropFactor, megapixels, isoMin, isoMax, isoRange,
   * weight, price, streetPrice (one row per currency any compared camera has a street price in: the
   * cheapest per camera), averageRating, reviewCount.
   */
  'field'?: (string);
  /**
   * mm², mm, x, MP, ISO, stops, g, USD, points, reviews; a street price row's unit is its currency.
   */
  'unit'?: (string);
  /**
   * Which value is better: "higher", "lower" or "none" (informative only, no winner).
   */
  'better'?: (string);
  /**
   * One per camera, in camera order.
   */
  'values'?: (_rcr_content_v1_ComparedValue)[];
  /**
   * The camera(s) with the best known value (all of them on a tie); empty when fewer than two values are
   * known or `better` is "none".
   */
  'bestCameraIds'?: (string)[];
}

/**
 * One row of the comparison.
 */
export interface ComparisonField__Output {
  /**
   * API name: sensorArea, sensorWidth, sensorHeight, cropFactor, megapixels, isoMin, isoMax, isoRange,
   * weight, price, streetPrice (one row per currency any compared camera has a street price in: the
   * cheapest per camera), averageRating, reviewCount.
   */
  'field': (string);
  /**
   * mm², mm, x, MP, ISO, stops, g, USD, points, reviews; a street price row's unit is its currency.
   */
  'unit': (string);
  /**
   * Which value is better: "higher", "lower" or "none" (informative only, no winner).
   */
  'better': (string);
  /**
   * One per camera, in camera order.
   */
  'values': (_rcr_content_v1_ComparedValue__Output)[];
  /**
   * The camera(s) with the best known value (all of them on a tie); empty when fewer than two values are
   * known or `better` is "none".
   */
  'bestCameraIds': (string)[];
}
