// Original file: proto/identity.proto


export interface EditorRef {
  'id'?: (string);
}

export interface EditorRef__Output {
  'id': (string);
}
