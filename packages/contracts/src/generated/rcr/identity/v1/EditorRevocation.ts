// Original file: proto/identity.proto


export interface EditorRevocation {
  'editorId'?: (string);
  /**
   * Access tokens issued before this time are void.
   */
  'validAfter'?: (string);
}

export interface EditorRevocation__Output {
  'editorId': (string);
  /**
   * Access tokens issued before this time are void.
   */
  'validAfter': (string);
}
