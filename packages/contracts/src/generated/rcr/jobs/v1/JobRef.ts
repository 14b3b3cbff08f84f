// Original file: proto/jobs.proto


export interface JobRef {
  'id'?: (string);
}

export interface JobRef__Output {
  'id': (string);
}
