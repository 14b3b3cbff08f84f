// Original file: proto/jobs.proto


export interface ListJobsRequest {
  'limit'?: (number);
}

export interface ListJobsRequest__Output {
  'limit': (number);
}
