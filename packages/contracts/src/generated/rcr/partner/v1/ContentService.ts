// Original file: proto/partner.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CompareCamerasRequest as _rcr_partner_v1_CompareCamerasRequest, CompareCamerasRequest__Output as _rcr_partner_v1_CompareCamerasRequest__Output } from '../../../rcr/partner/v1/CompareCamerasRequest.ts';
import type { Comparison as _rcr_partner_v1_Comparison, Comparison__Output as _rcr_partner_v1_Comparison__Output } from '../../../rcr/partner/v1/Comparison.ts';
import type { GetReviewRequest as _rcr_partner_v1_GetReviewRequest, GetReviewRequest__Output as _rcr_partner_v1_GetReviewRequest__Output } from '../../../rcr/partner/v1/GetReviewRequest.ts';
import type { ListContentRequest as _rcr_partner_v1_ListContentRequest, ListContentRequest__Output as _rcr_partner_v1_ListContentRequest__Output } from '../../../rcr/partner/v1/ListContentRequest.ts';
import type { ListContentResponse as _rcr_partner_v1_ListContentResponse, ListContentResponse__Output as _rcr_partner_v1_ListContentResponse__Output } from '../../../rcr/partner/v1/ListContentResponse.ts';
import type { LookupReviewsRequest as _rcr_partner_v1_LookupReviewsRequest, LookupReviewsRequest__Output as _rcr_partner_v1_LookupReviewsRequest__Output } from '../../../rcr/partner/v1/LookupReviewsRequest.ts';
import type { LookupReviewsResponse as _rcr_partner_v1_LookupReviewsResponse, LookupReviewsResponse__Output as _rcr_partner_v1_LookupReviewsResponse__Output } from '../../../rcr/partner/v1/LookupReviewsResponse.ts';
import type { Review as _rcr_partner_v1_Review, Review__Output as _rcr_partner_v1_Review__Output } from '../../../rcr/partner/v1/Review.ts';
import type { ReviewEvent as _rcr_partner_v1_ReviewEvent, ReviewEvent__Output as _rcr_partner_v1_ReviewEvent__Output } from '../../../rcr/partner/v1/ReviewEvent.ts';
import type { WatchReviewsRequest as _rcr_partner_v1_WatchReviewsRequest, WatchReviewsRequest__Output as _rcr_partner_v1_WatchReviewsRequest__Output } from '../../../rcr/partner/v1/WatchReviewsRequest.ts';

/**
 * Published reviews and camera comparisons.
 */
export interface ContentServiceClient extends grpc.Client {
  /**
   * Side-by-side comparison of 2–4 cameras: specs in common units and the better value of each field.
   */
  CompareCameras(argument: _rcr_partner_v1_CompareCamerasRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_partner_v1_Comparison__Output>): grpc.ClientUnaryCall;
  CompareCameras(argument: _rcr_partner_v1_CompareCamerasRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_partner_v1_Comparison__Output>): grpc.ClientUnaryCall;
  CompareCameras(argument: _rcr_partner_v1_CompareCamerasRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_partner_v1_Comparison__Output>): grpc.ClientUnaryCall;
  CompareCameras(argument: _rcr_partner_v1_CompareCamerasRequest, callback: grpc.requestCallback<_rcr_partner_v1_Comparison__Output>): grpc.ClientUnaryCall;
  /**
   * Side-by-side comparison of 2–4 cameras: specs in common units and the better value of each field.
   */
  compareCameras(argument: _rcr_partner_v1_CompareCamerasRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_partner_v1_Comparison__Output>): grpc.ClientUnaryCall;
  compareCameras(argument: _rcr_partner_v1_CompareCamerasRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_partner_v1_Comparison__Output>): grpc.ClientUnaryCall;
  compareCameras(argument: _rcr_partner_v1_CompareCamerasRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_partner_v1_Comparison__Output>): grpc.ClientUnaryCall;
  compareCameras(argument: _rcr_partner_v1_CompareCamerasRequest, callback: grpc.requestCallback<_rcr_partner_v1_Comparison__Output>): grpc.ClientUnaryCall;
  
  /**
   * One published review by its slug. NOT_FOUND when no published review has it.
   */
  GetReview(argument: _rcr_partner_v1_GetReviewRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_partner_v1_Review__Output>): grpc.ClientUnaryCall;
  GetReview(argument: _rcr_partner_v1_GetReviewRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_partner_v1_Review__Output>): grpc.ClientUnaryCall;
  GetReview(argument: _rcr_partner_v1_GetReviewRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_partner_v1_Review__Output>): grpc.ClientUnaryCall;
  GetReview(argument: _rcr_partner_v1_GetReviewRequest, callback: grpc.requestCallback<_rcr_partner_v1_Review__Output>): grpc.ClientUnaryCall;
  /**
   * One published review by its slug. NOT_FOUND when no published review has it.
   */
  getReview(argument: _rcr_partner_v1_GetReviewRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_partner_v1_Review__Output>): grpc.ClientUnaryCall;
  getReview(argument: _rcr_partner_v1_GetReviewRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_partner_v1_Review__Output>): grpc.ClientUnaryCall;
  getReview(argument: _rcr_partner_v1_GetReviewRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_partner_v1_Review__Output>): grpc.ClientUnaryCall;
  getReview(argument: _rcr_partner_v1_GetReviewRequest, callback: grpc.requestCallback<_rcr_partner_v1_Review__Output>): grpc.ClientUnaryCall;
  
  /**
   * Published reviews, newest first (or by relevance with `q`), filtered; paged by keyset tokens.
   */
  ListContent(argument: _rcr_partner_v1_ListContentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_partner_v1_ListContentResponse__Output>): grpc.ClientUnaryCall;
  ListContent(argument: _rcr_partner_v1_ListContentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_partner_v1_ListContentResponse__Output>): grpc.ClientUnaryCall;
  ListContent(argument: _rcr_partner_v1_ListContentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_partner_v1_ListContentResponse__Output>): grpc.ClientUnaryCall;
  ListContent(argument: _rcr_partner_v1_ListContentRequest, callback: grpc.requestCallback<_rcr_partner_v1_ListContentResponse__Output>): grpc.ClientUnaryCall;
  /**
   * Published reviews, newest first (or by relevance with `q`), filtered; paged by keyset tokens.
   */
  listContent(argument: _rcr_partner_v1_ListContentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_partner_v1_ListContentResponse__Output>): grpc.ClientUnaryCall;
  listContent(argument: _rcr_partner_v1_ListContentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_partner_v1_ListContentResponse__Output>): grpc.ClientUnaryCall;
  listContent(argument: _rcr_partner_v1_ListContentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_partner_v1_ListContentResponse__Output>): grpc.ClientUnaryCall;
  listContent(argument: _rcr_partner_v1_ListContentRequest, callback: grpc.requestCallback<_rcr_partner_v1_ListContentResponse__Output>): grpc.ClientUnaryCall;
  
  /**
   * Many reviews by slug over one stream: each request is answered by one response, in order, with
   * the review or the per-item error (NOT_FOUND, INVALID_ARGUMENT); the stream itself goes on.
   */
  LookupReviews(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_rcr_partner_v1_LookupReviewsRequest, _rcr_partner_v1_LookupReviewsResponse__Output>;
  LookupReviews(options?: grpc.CallOptions): grpc.ClientDuplexStream<_rcr_partner_v1_LookupReviewsRequest, _rcr_partner_v1_LookupReviewsResponse__Output>;
  /**
   * Many reviews by slug over one stream: each request is answered by one response, in order, with
   * the review or the per-item error (NOT_FOUND, INVALID_ARGUMENT); the stream itself goes on.
   */
  lookupReviews(metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientDuplexStream<_rcr_partner_v1_LookupReviewsRequest, _rcr_partner_v1_LookupReviewsResponse__Output>;
  lookupReviews(options?: grpc.CallOptions): grpc.ClientDuplexStream<_rcr_partner_v1_LookupReviewsRequest, _rcr_partner_v1_LookupReviewsResponse__Output>;
  
  /**
   * Review publications as they happen (review.published, review.updated, review.unpublished), for the
   * whole feed or one camera. Each message has a `position`; a stream opened with `after` = the last
   * position received resumes with exactly the events after it (no gap, no duplicate), also on another
   * gateway. A position no longer retained (or never known) gets a `reset` first: refetch with
   * ListContent, then go on with the events that follow. Never ends by itself.
   */
  WatchReviews(argument: _rcr_partner_v1_WatchReviewsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_rcr_partner_v1_ReviewEvent__Output>;
  WatchReviews(argument: _rcr_partner_v1_WatchReviewsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_rcr_partner_v1_ReviewEvent__Output>;
  /**
   * Review publications as they happen (review.published, review.updated, review.unpublished), for the
   * whole feed or one camera. Each message has a `position`; a stream opened with `after` = the last
   * position received resumes with exactly the events after it (no gap, no duplicate), also on another
   * gateway. A position no longer retained (or never known) gets a `reset` first: refetch with
   * ListContent, then go on with the events that follow. Never ends by itself.
   */
  watchReviews(argument: _rcr_partner_v1_WatchReviewsRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_rcr_partner_v1_ReviewEvent__Output>;
  watchReviews(argument: _rcr_partner_v1_WatchReviewsRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_rcr_partner_v1_ReviewEvent__Output>;
  
}

/**
 * Published reviews and camera comparisons.
 */
export interface ContentServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Side-by-side comparison of 2–4 cameras: specs in common units and the better value of each field.
   */
  CompareCameras: grpc.handleUnaryCall<_rcr_partner_v1_CompareCamerasRequest__Output, _rcr_partner_v1_Comparison>;
  
  /**
   * One published review by its slug. NOT_FOUND when no published review has it.
   */
  GetReview: grpc.handleUnaryCall<_rcr_partner_v1_GetReviewRequest__Output, _rcr_partner_v1_Review>;
  
  /**
   * Published reviews, newest first (or by relevance with `q`), filtered; paged by keyset tokens.
   */
  ListContent: grpc.handleUnaryCall<_rcr_partner_v1_ListContentRequest__Output, _rcr_partner_v1_ListContentResponse>;
  
  /**
   * Many reviews by slug over one stream: each request is answered by one response, in order, with
   * the review or the per-item error (NOT_FOUND, INVALID_ARGUMENT); the stream itself goes on.
   */
  LookupReviews: grpc.handleBidiStreamingCall<_rcr_partner_v1_LookupReviewsRequest__Output, _rcr_partner_v1_LookupReviewsResponse>;
  
  /**
   * Review publications as they happen (review.published, review.updated, review.unpublished), for the
   * whole feed or one camera. Each message has a `position`; a stream opened with `after` = the last
   * position received resumes with exactly the events after it (no gap, no duplicate), also on another
   * gateway. A position no longer retained (or never known) gets a `reset` first: refetch with
   * ListContent, then go on with the events that follow. Never ends by itself.
   */
  WatchReviews: grpc.handleServerStreamingCall<_rcr_partner_v1_WatchReviewsRequest__Output, _rcr_partner_v1_ReviewEvent>;
  
}

export interface ContentServiceDefinition extends grpc.ServiceDefinition {
  CompareCameras: MethodDefinition<_rcr_partner_v1_CompareCamerasRequest, _rcr_partner_v1_Comparison, _rcr_partner_v1_CompareCamerasRequest__Output, _rcr_partner_v1_Comparison__Output>
  GetReview: MethodDefinition<_rcr_partner_v1_GetReviewRequest, _rcr_partner_v1_Review, _rcr_partner_v1_GetReviewRequest__Output, _rcr_partner_v1_Review__Output>
  ListContent: MethodDefinition<_rcr_partner_v1_ListContentRequest, _rcr_partner_v1_ListContentResponse, _rcr_partner_v1_ListContentRequest__Output, _rcr_partner_v1_ListContentResponse__Output>
  LookupReviews: MethodDefinition<_rcr_partner_v1_LookupReviewsRequest, _rcr_partner_v1_LookupReviewsResponse, _rcr_partner_v1_LookupReviewsRequest__Output, _rcr_partner_v1_LookupReviewsResponse__Output>
  WatchReviews: MethodDefinition<_rcr_partner_v1_WatchReviewsRequest, _rcr_partner_v1_ReviewEvent, _rcr_partner_v1_WatchReviewsRequest__Output, _rcr_partner_v1_ReviewEvent__Output>
}
