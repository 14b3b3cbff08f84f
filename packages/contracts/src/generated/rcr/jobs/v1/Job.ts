// Original file: proto/jobs.proto

import type { JobResult as _rcr_jobs_v1_JobResult, JobResult__Output as _rcr_jobs_v1_JobResult__Output } from '../../../rcr/jobs/v1/JobResult.ts';
import type { ExportFilter as _rcr_jobs_v1_ExportFilter, ExportFilter__Output as _rcr_jobs_v1_ExportFilter__Output } from '../../../rcr/jobs/v1/ExportFilter.ts';

export interface Job {
  'id'?: (string);
  'kind'?: (string);
  /**
   * queued | running | succeeded | failed
   */
  'status'?: (string);
  'progress'?: (number);
  'attempts'?: (number);
  'error'?: (string);
  'result'?: (_rcr_jobs_v1_JobResult | null);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  'ownerId'?: (string);
  /**
   * The export's format and filter, as asked ("pdf" and no filter for a report).
   */
  'format'?: (string);
  'filter'?: (_rcr_jobs_v1_ExportFilter | null);
  /**
   * A report's cameras, as asked (empty for an export).
   */
  'cameraIds'?: (string)[];
  '_error'?: "error";
  '_result'?: "result";
}

export interface Job__Output {
  'id': (string);
  'kind': (string);
  /**
   * queued | running | succeeded | failed
   */
  'status': (string);
  'progress': (number);
  'attempts': (number);
  'error'?: (string);
  'result'?: (_rcr_jobs_v1_JobResult__Output | null);
  'createdAt': (string);
  'updatedAt': (string);
  'ownerId': (string);
  /**
   * The export's format and filter, as asked ("pdf" and no filter for a report).
   */
  'format': (string);
  'filter': (_rcr_jobs_v1_ExportFilter__Output | null);
  /**
   * A report's cameras, as asked (empty for an export).
   */
  'cameraIds': (string)[];
  '_error'?: "error";
  '_result'?: "result";
}
