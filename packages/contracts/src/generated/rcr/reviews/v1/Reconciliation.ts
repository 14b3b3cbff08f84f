// Original file: proto/reviews.proto

import type { Repair as _rcr_reviews_v1_Repair, Repair__Output as _rcr_reviews_v1_Repair__Output } from '../../../rcr/reviews/v1/Repair.ts';

/**
 * One anti-entropy run: how many inventory parts the read model has checked and what it found.
 */
export interface Reconciliation {
  'id'?: (string);
  /**
   * "admin" or "schedule".
   */
  'trigger'?: (string);
  /**
   * "running" until every part is checked, then "finished".
   */
  'status'?: (string);
  'startedAt'?: (string);
  'finishedAt'?: (string);
  'parts'?: (number);
  'partsChecked'?: (number);
  'missing'?: (number);
  'outdated'?: (number);
  'extra'?: (number);
  'mismatch'?: (number);
  'repaired'?: (number);
  'unrepairable'?: (number);
  'repairs'?: (_rcr_reviews_v1_Repair)[];
  '_finishedAt'?: "finishedAt";
}

/**
 * One anti-entropy run: how many inventory parts the read model has checked and what it found.
 */
export interface Reconciliation__Output {
  'id': (string);
  /**
   * "admin" or "schedule".
   */
  'trigger': (string);
  /**
   * "running" until every part is checked, then "finished".
   */
  'status': (string);
  'startedAt': (string);
  'finishedAt'?: (string);
  'parts': (number);
  'partsChecked': (number);
  'missing': (number);
  'outdated': (number);
  'extra': (number);
  'mismatch': (number);
  'repaired': (number);
  'unrepairable': (number);
  'repairs': (_rcr_reviews_v1_Repair__Output)[];
  '_finishedAt'?: "finishedAt";
}
