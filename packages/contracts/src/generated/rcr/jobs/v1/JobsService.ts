// Original file: proto/jobs.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CreateExportRequest as _rcr_jobs_v1_CreateExportRequest, CreateExportRequest__Output as _rcr_jobs_v1_CreateExportRequest__Output } from '../../../rcr/jobs/v1/CreateExportRequest.ts';
import type { CreateReportRequest as _rcr_jobs_v1_CreateReportRequest, CreateReportRequest__Output as _rcr_jobs_v1_CreateReportRequest__Output } from '../../../rcr/jobs/v1/CreateReportRequest.ts';
import type { FileChunk as _rcr_jobs_v1_FileChunk, FileChunk__Output as _rcr_jobs_v1_FileChunk__Output } from '../../../rcr/jobs/v1/FileChunk.ts';
import type { FileInfo as _rcr_jobs_v1_FileInfo, FileInfo__Output as _rcr_jobs_v1_FileInfo__Output } from '../../../rcr/jobs/v1/FileInfo.ts';
import type { FileRequest as _rcr_jobs_v1_FileRequest, FileRequest__Output as _rcr_jobs_v1_FileRequest__Output } from '../../../rcr/jobs/v1/FileRequest.ts';
import type { Job as _rcr_jobs_v1_Job, Job__Output as _rcr_jobs_v1_Job__Output } from '../../../rcr/jobs/v1/Job.ts';
import type { JobList as _rcr_jobs_v1_JobList, JobList__Output as _rcr_jobs_v1_JobList__Output } from '../../../rcr/jobs/v1/JobList.ts';
import type { JobRef as _rcr_jobs_v1_JobRef, JobRef__Output as _rcr_jobs_v1_JobRef__Output } from '../../../rcr/jobs/v1/JobRef.ts';
import type { ListJobsRequest as _rcr_jobs_v1_ListJobsRequest, ListJobsRequest__Output as _rcr_jobs_v1_ListJobsRequest__Output } from '../../../rcr/jobs/v1/ListJobsRequest.ts';

/**
 * Long tasks (exports) and, for now, the bucket's files: the jobs service owns the bucket until a media
 * service takes the files over (ADR 0024). Called only by the gateway.
 */
export interface JobsServiceClient extends grpc.Client {
  /**
   * Editors and admins: queue an export of published reviews; answers the queued job (202 at the edge).
   */
  CreateExport(argument: _rcr_jobs_v1_CreateExportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  CreateExport(argument: _rcr_jobs_v1_CreateExportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  CreateExport(argument: _rcr_jobs_v1_CreateExportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  CreateExport(argument: _rcr_jobs_v1_CreateExportRequest, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  /**
   * Editors and admins: queue an export of published reviews; answers the queued job (202 at the edge).
   */
  createExport(argument: _rcr_jobs_v1_CreateExportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  createExport(argument: _rcr_jobs_v1_CreateExportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  createExport(argument: _rcr_jobs_v1_CreateExportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  createExport(argument: _rcr_jobs_v1_CreateExportRequest, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  
  /**
   * Editors and admins: queue a comparison report (PDF) of 2–4 cameras; answers the queued job.
   */
  CreateReport(argument: _rcr_jobs_v1_CreateReportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  CreateReport(argument: _rcr_jobs_v1_CreateReportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  CreateReport(argument: _rcr_jobs_v1_CreateReportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  CreateReport(argument: _rcr_jobs_v1_CreateReportRequest, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  /**
   * Editors and admins: queue a comparison report (PDF) of 2–4 cameras; answers the queued job.
   */
  createReport(argument: _rcr_jobs_v1_CreateReportRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  createReport(argument: _rcr_jobs_v1_CreateReportRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  createReport(argument: _rcr_jobs_v1_CreateReportRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  createReport(argument: _rcr_jobs_v1_CreateReportRequest, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  
  /**
   * The owner or an admin; anyone else NOT_FOUND.
   */
  GetJob(argument: _rcr_jobs_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _rcr_jobs_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _rcr_jobs_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  GetJob(argument: _rcr_jobs_v1_JobRef, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  /**
   * The owner or an admin; anyone else NOT_FOUND.
   */
  getJob(argument: _rcr_jobs_v1_JobRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  getJob(argument: _rcr_jobs_v1_JobRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  getJob(argument: _rcr_jobs_v1_JobRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  getJob(argument: _rcr_jobs_v1_JobRef, callback: grpc.requestCallback<_rcr_jobs_v1_Job__Output>): grpc.ClientUnaryCall;
  
  /**
   * The caller's own jobs, newest first.
   */
  ListJobs(argument: _rcr_jobs_v1_ListJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_JobList__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _rcr_jobs_v1_ListJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_jobs_v1_JobList__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _rcr_jobs_v1_ListJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_JobList__Output>): grpc.ClientUnaryCall;
  ListJobs(argument: _rcr_jobs_v1_ListJobsRequest, callback: grpc.requestCallback<_rcr_jobs_v1_JobList__Output>): grpc.ClientUnaryCall;
  /**
   * The caller's own jobs, newest first.
   */
  listJobs(argument: _rcr_jobs_v1_ListJobsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_JobList__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _rcr_jobs_v1_ListJobsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_jobs_v1_JobList__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _rcr_jobs_v1_ListJobsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_JobList__Output>): grpc.ClientUnaryCall;
  listJobs(argument: _rcr_jobs_v1_ListJobsRequest, callback: grpc.requestCallback<_rcr_jobs_v1_JobList__Output>): grpc.ClientUnaryCall;
  
  /**
   * A file of the bucket by a signed link: first message `info`, then the bytes in `data` chunks.
   */
  ReadFile(argument: _rcr_jobs_v1_FileRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_rcr_jobs_v1_FileChunk__Output>;
  ReadFile(argument: _rcr_jobs_v1_FileRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_rcr_jobs_v1_FileChunk__Output>;
  /**
   * A file of the bucket by a signed link: first message `info`, then the bytes in `data` chunks.
   */
  readFile(argument: _rcr_jobs_v1_FileRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_rcr_jobs_v1_FileChunk__Output>;
  readFile(argument: _rcr_jobs_v1_FileRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_rcr_jobs_v1_FileChunk__Output>;
  
  /**
   * A file of the bucket by a signed link: what the headers need, without the bytes (HEAD).
   */
  StatFile(argument: _rcr_jobs_v1_FileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_FileInfo__Output>): grpc.ClientUnaryCall;
  StatFile(argument: _rcr_jobs_v1_FileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_jobs_v1_FileInfo__Output>): grpc.ClientUnaryCall;
  StatFile(argument: _rcr_jobs_v1_FileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_FileInfo__Output>): grpc.ClientUnaryCall;
  StatFile(argument: _rcr_jobs_v1_FileRequest, callback: grpc.requestCallback<_rcr_jobs_v1_FileInfo__Output>): grpc.ClientUnaryCall;
  /**
   * A file of the bucket by a signed link: what the headers need, without the bytes (HEAD).
   */
  statFile(argument: _rcr_jobs_v1_FileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_FileInfo__Output>): grpc.ClientUnaryCall;
  statFile(argument: _rcr_jobs_v1_FileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_jobs_v1_FileInfo__Output>): grpc.ClientUnaryCall;
  statFile(argument: _rcr_jobs_v1_FileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_FileInfo__Output>): grpc.ClientUnaryCall;
  statFile(argument: _rcr_jobs_v1_FileRequest, callback: grpc.requestCallback<_rcr_jobs_v1_FileInfo__Output>): grpc.ClientUnaryCall;
  
}

/**
 * Long tasks (exports) and, for now, the bucket's files: the jobs service owns the bucket until a media
 * service takes the files over (ADR 0024). Called only by the gateway.
 */
export interface JobsServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Editors and admins: queue an export of published reviews; answers the queued job (202 at the edge).
   */
  CreateExport: grpc.handleUnaryCall<_rcr_jobs_v1_CreateExportRequest__Output, _rcr_jobs_v1_Job>;
  
  /**
   * Editors and admins: queue a comparison report (PDF) of 2–4 cameras; answers the queued job.
   */
  CreateReport: grpc.handleUnaryCall<_rcr_jobs_v1_CreateReportRequest__Output, _rcr_jobs_v1_Job>;
  
  /**
   * The owner or an admin; anyone else NOT_FOUND.
   */
  GetJob: grpc.handleUnaryCall<_rcr_jobs_v1_JobRef__Output, _rcr_jobs_v1_Job>;
  
  /**
   * The caller's own jobs, newest first.
   */
  ListJobs: grpc.handleUnaryCall<_rcr_jobs_v1_ListJobsRequest__Output, _rcr_jobs_v1_JobList>;
  
  /**
   * A file of the bucket by a signed link: first message `info`, then the bytes in `data` chunks.
   */
  ReadFile: grpc.handleServerStreamingCall<_rcr_jobs_v1_FileRequest__Output, _rcr_jobs_v1_FileChunk>;
  
  /**
   * A file of the bucket by a signed link: what the headers need, without the bytes (HEAD).
   */
  StatFile: grpc.handleUnaryCall<_rcr_jobs_v1_FileRequest__Output, _rcr_jobs_v1_FileInfo>;
  
}

export interface JobsServiceDefinition extends grpc.ServiceDefinition {
  CreateExport: MethodDefinition<_rcr_jobs_v1_CreateExportRequest, _rcr_jobs_v1_Job, _rcr_jobs_v1_CreateExportRequest__Output, _rcr_jobs_v1_Job__Output>
  CreateReport: MethodDefinition<_rcr_jobs_v1_CreateReportRequest, _rcr_jobs_v1_Job, _rcr_jobs_v1_CreateReportRequest__Output, _rcr_jobs_v1_Job__Output>
  GetJob: MethodDefinition<_rcr_jobs_v1_JobRef, _rcr_jobs_v1_Job, _rcr_jobs_v1_JobRef__Output, _rcr_jobs_v1_Job__Output>
  ListJobs: MethodDefinition<_rcr_jobs_v1_ListJobsRequest, _rcr_jobs_v1_JobList, _rcr_jobs_v1_ListJobsRequest__Output, _rcr_jobs_v1_JobList__Output>
  ReadFile: MethodDefinition<_rcr_jobs_v1_FileRequest, _rcr_jobs_v1_FileChunk, _rcr_jobs_v1_FileRequest__Output, _rcr_jobs_v1_FileChunk__Output>
  StatFile: MethodDefinition<_rcr_jobs_v1_FileRequest, _rcr_jobs_v1_FileInfo, _rcr_jobs_v1_FileRequest__Output, _rcr_jobs_v1_FileInfo__Output>
}
