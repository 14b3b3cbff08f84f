// Original file: proto/content.proto


/**
 * A retailer's street price for a camera, as the latest partner report (`price.updated`) gave it.
 */
export interface StreetPrice {
  'retailer'?: (string);
  /**
   * In the currency's major unit (e.g. 1299.99).
   */
  'price'?: (number | string);
  /**
   * ISO 4217, upper case.
   */
  'currency'?: (string);
  /**
   * The retailer's product page.
   */
  'url'?: (string);
  /**
   * When the partner observed the price (ISO 8601, UTC, milliseconds).
   */
  'observedAt'?: (string);
}

/**
 * A retailer's street price for a camera, as the latest partner report (`price.updated`) gave it.
 */
export interface StreetPrice__Output {
  'retailer': (string);
  /**
   * In the currency's major unit (e.g. 1299.99).
   */
  'price': (number);
  /**
   * ISO 4217, upper case.
   */
  'currency': (string);
  /**
   * The retailer's product page.
   */
  'url': (string);
  /**
   * When the partner observed the price (ISO 8601, UTC, milliseconds).
   */
  'observedAt': (string);
}
