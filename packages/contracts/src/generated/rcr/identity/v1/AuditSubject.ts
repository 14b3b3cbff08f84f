// Original file: proto/identity.proto


export interface AuditSubject {
  'kind'?: (string);
  'id'?: (string);
}

export interface AuditSubject__Output {
  'kind': (string);
  'id': (string);
}
