// Original file: proto/reviews.proto


/**
 * One repaired aggregate: its kind ("review" or "camera"), id and the drift found.
 */
export interface Repair {
  'kind'?: (string);
  'id'?: (string);
  'reason'?: (string);
}

/**
 * One repaired aggregate: its kind ("review" or "camera"), id and the drift found.
 */
export interface Repair__Output {
  'kind': (string);
  'id': (string);
  'reason': (string);
}
