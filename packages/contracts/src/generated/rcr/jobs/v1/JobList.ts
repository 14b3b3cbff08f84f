// Original file: proto/jobs.proto

import type { Job as _rcr_jobs_v1_Job, Job__Output as _rcr_jobs_v1_Job__Output } from '../../../rcr/jobs/v1/Job.ts';

export interface JobList {
  'items'?: (_rcr_jobs_v1_Job)[];
}

export interface JobList__Output {
  'items': (_rcr_jobs_v1_Job__Output)[];
}
