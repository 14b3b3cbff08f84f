// Original file: proto/identity.proto

import type { Editor as _rcr_identity_v1_Editor, Editor__Output as _rcr_identity_v1_Editor__Output } from '../../../rcr/identity/v1/Editor.ts';

export interface EditorList {
  'items'?: (_rcr_identity_v1_Editor)[];
  /**
   * How many accounts match the filters (all pages).
   */
  'total'?: (number);
  /**
   * Opaque cursor of the page after this one; empty on the last page.
   */
  'nextCursor'?: (string);
}

export interface EditorList__Output {
  'items': (_rcr_identity_v1_Editor__Output)[];
  /**
   * How many accounts match the filters (all pages).
   */
  'total': (number);
  /**
   * Opaque cursor of the page after this one; empty on the last page.
   */
  'nextCursor': (string);
}
