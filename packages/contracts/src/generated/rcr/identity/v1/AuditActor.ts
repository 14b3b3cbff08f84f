// Original file: proto/identity.proto


export interface AuditActor {
  'id'?: (string);
  'role'?: (string);
}

export interface AuditActor__Output {
  'id': (string);
  'role': (string);
}
