// Original file: proto/content.proto


export interface ListCamerasRequest {
  'page'?: (number);
  'limit'?: (number);
  'brand'?: (string);
  'type'?: (string);
  /**
   * API field names, `-` = descending: brand, model, averageRating, reviewCount. Default: brand, model.
   */
  'sort'?: (string)[];
  /**
   * Matches brand and model, accent- and case-insensitive, at most 200 characters: every word must be
   * contained in "brand model" (or, for words of 4+ characters, be a similar word).
   */
  'q'?: (string);
  /**
   * Opaque cursor from a previous `next_cursor` (same sort); continues right after that page's last camera.
   */
  'cursor'?: (string);
  '_brand'?: "brand";
  '_type'?: "type";
  '_q'?: "q";
  '_cursor'?: "cursor";
}

export interface ListCamerasRequest__Output {
  'page': (number);
  'limit': (number);
  'brand'?: (string);
  'type'?: (string);
  /**
   * API field names, `-` = descending: brand, model, averageRating, reviewCount. Default: brand, model.
   */
  'sort': (string)[];
  /**
   * Matches brand and model, accent- and case-insensitive, at most 200 characters: every word must be
   * contained in "brand model" (or, for words of 4+ characters, be a similar word).
   */
  'q'?: (string);
  /**
   * Opaque cursor from a previous `next_cursor` (same sort); continues right after that page's last camera.
   */
  'cursor'?: (string);
  '_brand'?: "brand";
  '_type'?: "type";
  '_q'?: "q";
  '_cursor'?: "cursor";
}
