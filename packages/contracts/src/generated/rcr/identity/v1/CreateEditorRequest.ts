// Original file: proto/identity.proto


export interface CreateEditorRequest {
  'email'?: (string);
  'name'?: (string);
  'password'?: (string);
  'role'?: (string);
}

export interface CreateEditorRequest__Output {
  'email': (string);
  'name': (string);
  'password': (string);
  'role': (string);
}
