// Original file: proto/identity.proto


export interface Editor {
  'id'?: (string);
  'email'?: (string);
  'name'?: (string);
  'role'?: (string);
  'active'?: (boolean);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  'version'?: (number);
}

export interface Editor__Output {
  'id': (string);
  'email': (string);
  'name': (string);
  'role': (string);
  'active': (boolean);
  'createdAt': (string);
  'updatedAt': (string);
  'version': (number);
}
