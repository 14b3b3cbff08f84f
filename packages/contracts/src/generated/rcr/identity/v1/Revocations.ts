// Original file: proto/identity.proto

import type { SessionRevocation as _rcr_identity_v1_SessionRevocation, SessionRevocation__Output as _rcr_identity_v1_SessionRevocation__Output } from '../../../rcr/identity/v1/SessionRevocation.ts';
import type { EditorRevocation as _rcr_identity_v1_EditorRevocation, EditorRevocation__Output as _rcr_identity_v1_EditorRevocation__Output } from '../../../rcr/identity/v1/EditorRevocation.ts';

export interface Revocations {
  'sessions'?: (_rcr_identity_v1_SessionRevocation)[];
  'editors'?: (_rcr_identity_v1_EditorRevocation)[];
  /**
   * The identity service's clock when it answered (the next `since`).
   */
  'asOf'?: (string);
}

export interface Revocations__Output {
  'sessions': (_rcr_identity_v1_SessionRevocation__Output)[];
  'editors': (_rcr_identity_v1_EditorRevocation__Output)[];
  /**
   * The identity service's clock when it answered (the next `since`).
   */
  'asOf': (string);
}
