// Original file: proto/identity.proto


export interface ListAuditEventsRequest {
  /**
   * Entries per page, 1–100 (0: 20).
   */
  'limit'?: (number);
  /**
   * next_cursor of the previous page (same filters and order).
   */
  'cursor'?: (string);
  /**
   * Only changes made by this editor or admin.
   */
  'actorId'?: (string);
  /**
   * Only changes of this aggregate (editor, camera, review, partner key … id).
   */
  'subjectId'?: (string);
  /**
   * Only changes of this kind of aggregate (editor, camera, review, signing-keys, partner-key).
   */
  'subjectKind'?: (string);
  /**
   * Only these actions (event types such as review.published); empty: every action.
   */
  'actions'?: (string)[];
  /**
   * ISO 8601: only changes made at or after it.
   */
  'since'?: (string);
  /**
   * ISO 8601: only changes made before it.
   */
  'until'?: (string);
  /**
   * Newest first instead of oldest first.
   */
  'newestFirst'?: (boolean);
  '_cursor'?: "cursor";
  '_actorId'?: "actorId";
  '_subjectId'?: "subjectId";
  '_subjectKind'?: "subjectKind";
  '_since'?: "since";
  '_until'?: "until";
}

export interface ListAuditEventsRequest__Output {
  /**
   * Entries per page, 1–100 (0: 20).
   */
  'limit': (number);
  /**
   * next_cursor of the previous page (same filters and order).
   */
  'cursor'?: (string);
  /**
   * Only changes made by this editor or admin.
   */
  'actorId'?: (string);
  /**
   * Only changes of this aggregate (editor, camera, review, partner key … id).
   */
  'subjectId'?: (string);
  /**
   * Only changes of this kind of aggregate (editor, camera, review, signing-keys, partner-key).
   */
  'subjectKind'?: (string);
  /**
   * Only these actions (event types such as review.published); empty: every action.
   */
  'actions': (string)[];
  /**
   * ISO 8601: only changes made at or after it.
   */
  'since'?: (string);
  /**
   * ISO 8601: only changes made before it.
   */
  'until'?: (string);
  /**
   * Newest first instead of oldest first.
   */
  'newestFirst': (boolean);
  '_cursor'?: "cursor";
  '_actorId'?: "actorId";
  '_subjectId'?: "subjectId";
  '_subjectKind'?: "subjectKind";
  '_since'?: "since";
  '_until'?: "until";
}
