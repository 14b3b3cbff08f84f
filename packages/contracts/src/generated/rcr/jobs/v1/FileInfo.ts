// Original file: proto/jobs.proto

import type { Long } from '@grpc/proto-loader';

export interface FileInfo {
  'key'?: (string);
  'contentType'?: (string);
  'size'?: (number | string | Long);
  /**
   * Hex MD5 of the bytes.
   */
  'etag'?: (string);
  'lastModified'?: (string);
  /**
   * Unix seconds when the link expires (for Cache-Control max-age).
   */
  'expires'?: (number | string | Long);
  /**
   * Offered as a download (Content-Disposition: attachment) with this file name; empty: shown inline.
   */
  'attachmentName'?: (string);
  /**
   * The bytes under this key never change (published image renditions): cacheable by anyone for long.
   */
  'immutable'?: (boolean);
}

export interface FileInfo__Output {
  'key': (string);
  'contentType': (string);
  'size': (number);
  /**
   * Hex MD5 of the bytes.
   */
  'etag': (string);
  'lastModified': (string);
  /**
   * Unix seconds when the link expires (for Cache-Control max-age).
   */
  'expires': (number);
  /**
   * Offered as a download (Content-Disposition: attachment) with this file name; empty: shown inline.
   */
  'attachmentName': (string);
  /**
   * The bytes under this key never change (published image renditions): cacheable by anyone for long.
   */
  'immutable': (boolean);
}
