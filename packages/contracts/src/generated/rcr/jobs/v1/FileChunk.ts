// Original file: proto/jobs.proto

import type { FileInfo as _rcr_jobs_v1_FileInfo, FileInfo__Output as _rcr_jobs_v1_FileInfo__Output } from '../../../rcr/jobs/v1/FileInfo.ts';

export interface FileChunk {
  'info'?: (_rcr_jobs_v1_FileInfo | null);
  'data'?: (Buffer | Uint8Array | string);
  'part'?: "info"|"data";
}

export interface FileChunk__Output {
  'info'?: (_rcr_jobs_v1_FileInfo__Output | null);
  'data'?: (Buffer);
  'part'?: "info"|"data";
}
