// Original file: proto/jobs.proto

import type { ExportFilter as _rcr_jobs_v1_ExportFilter, ExportFilter__Output as _rcr_jobs_v1_ExportFilter__Output } from '../../../rcr/jobs/v1/ExportFilter.ts';

export interface CreateExportRequest {
  /**
   * "csv" or "json" (NDJSON: one review per line).
   */
  'format'?: (string);
  'filter'?: (_rcr_jobs_v1_ExportFilter | null);
}

export interface CreateExportRequest__Output {
  /**
   * "csv" or "json" (NDJSON: one review per line).
   */
  'format': (string);
  'filter': (_rcr_jobs_v1_ExportFilter__Output | null);
}
