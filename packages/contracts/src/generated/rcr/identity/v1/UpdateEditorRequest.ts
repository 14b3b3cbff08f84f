// Original file: proto/identity.proto


export interface UpdateEditorRequest {
  'id'?: (string);
  'name'?: (string);
  'role'?: (string);
  'password'?: (string);
  'active'?: (boolean);
  '_name'?: "name";
  '_role'?: "role";
  '_password'?: "password";
  '_active'?: "active";
}

export interface UpdateEditorRequest__Output {
  'id': (string);
  'name'?: (string);
  'role'?: (string);
  'password'?: (string);
  'active'?: (boolean);
  '_name'?: "name";
  '_role'?: "role";
  '_password'?: "password";
  '_active'?: "active";
}
