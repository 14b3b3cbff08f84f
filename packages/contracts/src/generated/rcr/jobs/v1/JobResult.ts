// Original file: proto/jobs.proto

import type { Long } from '@grpc/proto-loader';

export interface JobResult {
  /**
   * Signed link to the file: `/v1/files/<key>?expires=…&signature=…`.
   */
  'url'?: (string);
  'expiresAt'?: (string);
  'bytes'?: (number | string | Long);
  /**
   * Reviews exported; cameras compared in a report.
   */
  'rows'?: (number | string | Long);
  'contentType'?: (string);
}

export interface JobResult__Output {
  /**
   * Signed link to the file: `/v1/files/<key>?expires=…&signature=…`.
   */
  'url': (string);
  'expiresAt': (string);
  'bytes': (number);
  /**
   * Reviews exported; cameras compared in a report.
   */
  'rows': (number);
  'contentType': (string);
}
