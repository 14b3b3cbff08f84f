// Original file: proto/partner.proto

import type { NamedRef as _rcr_partner_v1_NamedRef, NamedRef__Output as _rcr_partner_v1_NamedRef__Output } from '../../../rcr/partner/v1/NamedRef.ts';

/**
 * A published review.
 */
export interface Review {
  'id'?: (string);
  'slug'?: (string);
  'title'?: (string);
  'body'?: (string);
  'rating'?: (number | string);
  'pros'?: (string)[];
  'cons'?: (string)[];
  'verdict'?: (string);
  /**
   * ISO 639-1.
   */
  'language'?: (string);
  'publishedAt'?: (string);
  'updatedAt'?: (string);
  'camera'?: (_rcr_partner_v1_NamedRef | null);
  'author'?: (_rcr_partner_v1_NamedRef | null);
}

/**
 * A published review.
 */
export interface Review__Output {
  'id': (string);
  'slug': (string);
  'title': (string);
  'body': (string);
  'rating': (number);
  'pros': (string)[];
  'cons': (string)[];
  'verdict': (string);
  /**
   * ISO 639-1.
   */
  'language': (string);
  'publishedAt': (string);
  'updatedAt': (string);
  'camera': (_rcr_partner_v1_NamedRef__Output | null);
  'author': (_rcr_partner_v1_NamedRef__Output | null);
}
