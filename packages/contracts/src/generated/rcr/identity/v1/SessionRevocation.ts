// Original file: proto/identity.proto


export interface SessionRevocation {
  'sessionId'?: (string);
  'editorId'?: (string);
  'revokedAt'?: (string);
}

export interface SessionRevocation__Output {
  'sessionId': (string);
  'editorId': (string);
  'revokedAt': (string);
}
