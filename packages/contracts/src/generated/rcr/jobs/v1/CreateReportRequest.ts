// Original file: proto/jobs.proto


export interface CreateReportRequest {
  /**
   * The cameras to compare, 2–4, each once, in the order the report shows them.
   */
  'cameraIds'?: (string)[];
}

export interface CreateReportRequest__Output {
  /**
   * The cameras to compare, 2–4, each once, in the order the report shows them.
   */
  'cameraIds': (string)[];
}
