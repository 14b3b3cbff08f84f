// Original file: proto/reviews.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { Camera as _rcr_reviews_v1_Camera, Camera__Output as _rcr_reviews_v1_Camera__Output } from '../../../rcr/reviews/v1/Camera.ts';
import type { CameraInput as _rcr_reviews_v1_CameraInput, CameraInput__Output as _rcr_reviews_v1_CameraInput__Output } from '../../../rcr/reviews/v1/CameraInput.ts';
import type { DeleteRequest as _rcr_reviews_v1_DeleteRequest, DeleteRequest__Output as _rcr_reviews_v1_DeleteRequest__Output } from '../../../rcr/reviews/v1/DeleteRequest.ts';
import type { Empty as _rcr_reviews_v1_Empty, Empty__Output as _rcr_reviews_v1_Empty__Output } from '../../../rcr/reviews/v1/Empty.ts';
import type { ListReviewsRequest as _rcr_reviews_v1_ListReviewsRequest, ListReviewsRequest__Output as _rcr_reviews_v1_ListReviewsRequest__Output } from '../../../rcr/reviews/v1/ListReviewsRequest.ts';
import type { PutCameraReply as _rcr_reviews_v1_PutCameraReply, PutCameraReply__Output as _rcr_reviews_v1_PutCameraReply__Output } from '../../../rcr/reviews/v1/PutCameraReply.ts';
import type { PutCameraRequest as _rcr_reviews_v1_PutCameraRequest, PutCameraRequest__Output as _rcr_reviews_v1_PutCameraRequest__Output } from '../../../rcr/reviews/v1/PutCameraRequest.ts';
import type { Reconciliation as _rcr_reviews_v1_Reconciliation, Reconciliation__Output as _rcr_reviews_v1_Reconciliation__Output } from '../../../rcr/reviews/v1/Reconciliation.ts';
import type { Ref as _rcr_reviews_v1_Ref, Ref__Output as _rcr_reviews_v1_Ref__Output } from '../../../rcr/reviews/v1/Ref.ts';
import type { Review as _rcr_reviews_v1_Review, Review__Output as _rcr_reviews_v1_Review__Output } from '../../../rcr/reviews/v1/Review.ts';
import type { ReviewInput as _rcr_reviews_v1_ReviewInput, ReviewInput__Output as _rcr_reviews_v1_ReviewInput__Output } from '../../../rcr/reviews/v1/ReviewInput.ts';
import type { ReviewList as _rcr_reviews_v1_ReviewList, ReviewList__Output as _rcr_reviews_v1_ReviewList__Output } from '../../../rcr/reviews/v1/ReviewList.ts';
import type { UpdateCameraRequest as _rcr_reviews_v1_UpdateCameraRequest, UpdateCameraRequest__Output as _rcr_reviews_v1_UpdateCameraRequest__Output } from '../../../rcr/reviews/v1/UpdateCameraRequest.ts';
import type { UpdateReviewRequest as _rcr_reviews_v1_UpdateReviewRequest, UpdateReviewRequest__Output as _rcr_reviews_v1_UpdateReviewRequest__Output } from '../../../rcr/reviews/v1/UpdateReviewRequest.ts';

/**
 * The write side for cameras and reviews. Every call carries the gateway's signed internal token
 * (metadata `authorization: Bearer …`, see packages/platform/src/internal-auth.ts) naming the actor.
 */
export interface ReviewsServiceClient extends grpc.Client {
  CreateCamera(argument: _rcr_reviews_v1_CameraInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Camera__Output>): grpc.ClientUnaryCall;
  CreateCamera(argument: _rcr_reviews_v1_CameraInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Camera__Output>): grpc.ClientUnaryCall;
  CreateCamera(argument: _rcr_reviews_v1_CameraInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Camera__Output>): grpc.ClientUnaryCall;
  CreateCamera(argument: _rcr_reviews_v1_CameraInput, callback: grpc.requestCallback<_rcr_reviews_v1_Camera__Output>): grpc.ClientUnaryCall;
  createCamera(argument: _rcr_reviews_v1_CameraInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Camera__Output>): grpc.ClientUnaryCall;
  createCamera(argument: _rcr_reviews_v1_CameraInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Camera__Output>): grpc.ClientUnaryCall;
  createCamera(argument: _rcr_reviews_v1_CameraInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Camera__Output>): grpc.ClientUnaryCall;
  createCamera(argument: _rcr_reviews_v1_CameraInput, callback: grpc.requestCallback<_rcr_reviews_v1_Camera__Output>): grpc.ClientUnaryCall;
  
  CreateReview(argument: _rcr_reviews_v1_ReviewInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  CreateReview(argument: _rcr_reviews_v1_ReviewInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  CreateReview(argument: _rcr_reviews_v1_ReviewInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  CreateReview(argument: _rcr_reviews_v1_ReviewInput, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  createReview(argument: _rcr_reviews_v1_ReviewInput, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  createReview(argument: _rcr_reviews_v1_ReviewInput, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  createReview(argument: _rcr_reviews_v1_ReviewInput, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  createReview(argument: _rcr_reviews_v1_ReviewInput, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  
  DeleteCamera(argument: _rcr_reviews_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteCamera(argument: _rcr_reviews_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteCamera(argument: _rcr_reviews_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteCamera(argument: _rcr_reviews_v1_DeleteRequest, callback: grpc.requestCallback<_rcr_reviews_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteCamera(argument: _rcr_reviews_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteCamera(argument: _rcr_reviews_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteCamera(argument: _rcr_reviews_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteCamera(argument: _rcr_reviews_v1_DeleteRequest, callback: grpc.requestCallback<_rcr_reviews_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  DeleteReview(argument: _rcr_reviews_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteReview(argument: _rcr_reviews_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteReview(argument: _rcr_reviews_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Empty__Output>): grpc.ClientUnaryCall;
  DeleteReview(argument: _rcr_reviews_v1_DeleteRequest, callback: grpc.requestCallback<_rcr_reviews_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteReview(argument: _rcr_reviews_v1_DeleteRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteReview(argument: _rcr_reviews_v1_DeleteRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteReview(argument: _rcr_reviews_v1_DeleteRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Empty__Output>): grpc.ClientUnaryCall;
  deleteReview(argument: _rcr_reviews_v1_DeleteRequest, callback: grpc.requestCallback<_rcr_reviews_v1_Empty__Output>): grpc.ClientUnaryCall;
  
  GetReconciliation(argument: _rcr_reviews_v1_Ref, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Reconciliation__Output>): grpc.ClientUnaryCall;
  GetReconciliation(argument: _rcr_reviews_v1_Ref, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Reconciliation__Output>): grpc.ClientUnaryCall;
  GetReconciliation(argument: _rcr_reviews_v1_Ref, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Reconciliation__Output>): grpc.ClientUnaryCall;
  GetReconciliation(argument: _rcr_reviews_v1_Ref, callback: grpc.requestCallback<_rcr_reviews_v1_Reconciliation__Output>): grpc.ClientUnaryCall;
  getReconciliation(argument: _rcr_reviews_v1_Ref, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Reconciliation__Output>): grpc.ClientUnaryCall;
  getReconciliation(argument: _rcr_reviews_v1_Ref, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Reconciliation__Output>): grpc.ClientUnaryCall;
  getReconciliation(argument: _rcr_reviews_v1_Ref, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Reconciliation__Output>): grpc.ClientUnaryCall;
  getReconciliation(argument: _rcr_reviews_v1_Ref, callback: grpc.requestCallback<_rcr_reviews_v1_Reconciliation__Output>): grpc.ClientUnaryCall;
  
  GetReview(argument: _rcr_reviews_v1_Ref, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  GetReview(argument: _rcr_reviews_v1_Ref, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  GetReview(argument: _rcr_reviews_v1_Ref, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  GetReview(argument: _rcr_reviews_v1_Ref, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  getReview(argument: _rcr_reviews_v1_Ref, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  getReview(argument: _rcr_reviews_v1_Ref, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  getReview(argument: _rcr_reviews_v1_Ref, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  getReview(argument: _rcr_reviews_v1_Ref, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  
  ListReviews(argument: _rcr_reviews_v1_ListReviewsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_ReviewList__Output>): grpc.ClientUnaryCall;
  ListReviews(argument: _rcr_reviews_v1_ListReviewsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_ReviewList__Output>): grpc.ClientUnaryCall;
  ListReviews(argument: _rcr_reviews_v1_ListReviewsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_ReviewList__Output>): grpc.ClientUnaryCall;
  ListReviews(argument: _rcr_reviews_v1_ListReviewsRequest, callback: grpc.requestCallback<_rcr_reviews_v1_ReviewList__Output>): grpc.ClientUnaryCall;
  listReviews(argument: _rcr_reviews_v1_ListReviewsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_ReviewList__Output>): grpc.ClientUnaryCall;
  listReviews(argument: _rcr_reviews_v1_ListReviewsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_ReviewList__Output>): grpc.ClientUnaryCall;
  listReviews(argument: _rcr_reviews_v1_ListReviewsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_ReviewList__Output>): grpc.ClientUnaryCall;
  listReviews(argument: _rcr_reviews_v1_ListReviewsRequest, callback: grpc.requestCallback<_rcr_reviews_v1_ReviewList__Output>): grpc.ClientUnaryCall;
  
  PublishReview(argument: _rcr_reviews_v1_Ref, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  PublishReview(argument: _rcr_reviews_v1_Ref, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  PublishReview(argument: _rcr_reviews_v1_Ref, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  PublishReview(argument: _rcr_reviews_v1_Ref, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  publishReview(argument: _rcr_reviews_v1_Ref, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  publishReview(argument: _rcr_reviews_v1_Ref, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  publishReview(argument: _rcr_reviews_v1_Ref, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  publishReview(argument: _rcr_reviews_v1_Ref, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  
  /**
   * Store semantics (PUT /v1/cameras/{id}): creates the camera under a client-chosen id, or replaces it.
   */
  PutCamera(argument: _rcr_reviews_v1_PutCameraRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_PutCameraReply__Output>): grpc.ClientUnaryCall;
  PutCamera(argument: _rcr_reviews_v1_PutCameraRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_PutCameraReply__Output>): grpc.ClientUnaryCall;
  PutCamera(argument: _rcr_reviews_v1_PutCameraRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_PutCameraReply__Output>): grpc.ClientUnaryCall;
  PutCamera(argument: _rcr_reviews_v1_PutCameraRequest, callback: grpc.requestCallback<_rcr_reviews_v1_PutCameraReply__Output>): grpc.ClientUnaryCall;
  /**
   * Store semantics (PUT /v1/cameras/{id}): creates the camera under a client-chosen id, or replaces it.
   */
  putCamera(argument: _rcr_reviews_v1_PutCameraRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_PutCameraReply__Output>): grpc.ClientUnaryCall;
  putCamera(argument: _rcr_reviews_v1_PutCameraRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_PutCameraReply__Output>): grpc.ClientUnaryCall;
  putCamera(argument: _rcr_reviews_v1_PutCameraRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_PutCameraReply__Output>): grpc.ClientUnaryCall;
  putCamera(argument: _rcr_reviews_v1_PutCameraRequest, callback: grpc.requestCallback<_rcr_reviews_v1_PutCameraReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Anti-entropy (admins): compares the read model with this service's reviews and cameras, by events,
   * and repairs drift by re-emitting snapshots. Returns the run at once; GetReconciliation follows it.
   */
  StartReconciliation(argument: _rcr_reviews_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Reconciliation__Output>): grpc.ClientUnaryCall;
  StartReconciliation(argument: _rcr_reviews_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Reconciliation__Output>): grpc.ClientUnaryCall;
  StartReconciliation(argument: _rcr_reviews_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Reconciliation__Output>): grpc.ClientUnaryCall;
  StartReconciliation(argument: _rcr_reviews_v1_Empty, callback: grpc.requestCallback<_rcr_reviews_v1_Reconciliation__Output>): grpc.ClientUnaryCall;
  /**
   * Anti-entropy (admins): compares the read model with this service's reviews and cameras, by events,
   * and repairs drift by re-emitting snapshots. Returns the run at once; GetReconciliation follows it.
   */
  startReconciliation(argument: _rcr_reviews_v1_Empty, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Reconciliation__Output>): grpc.ClientUnaryCall;
  startReconciliation(argument: _rcr_reviews_v1_Empty, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Reconciliation__Output>): grpc.ClientUnaryCall;
  startReconciliation(argument: _rcr_reviews_v1_Empty, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Reconciliation__Output>): grpc.ClientUnaryCall;
  startReconciliation(argument: _rcr_reviews_v1_Empty, callback: grpc.requestCallback<_rcr_reviews_v1_Reconciliation__Output>): grpc.ClientUnaryCall;
  
  UnpublishReview(argument: _rcr_reviews_v1_Ref, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  UnpublishReview(argument: _rcr_reviews_v1_Ref, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  UnpublishReview(argument: _rcr_reviews_v1_Ref, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  UnpublishReview(argument: _rcr_reviews_v1_Ref, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  unpublishReview(argument: _rcr_reviews_v1_Ref, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  unpublishReview(argument: _rcr_reviews_v1_Ref, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  unpublishReview(argument: _rcr_reviews_v1_Ref, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  unpublishReview(argument: _rcr_reviews_v1_Ref, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  
  UpdateCamera(argument: _rcr_reviews_v1_UpdateCameraRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Camera__Output>): grpc.ClientUnaryCall;
  UpdateCamera(argument: _rcr_reviews_v1_UpdateCameraRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Camera__Output>): grpc.ClientUnaryCall;
  UpdateCamera(argument: _rcr_reviews_v1_UpdateCameraRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Camera__Output>): grpc.ClientUnaryCall;
  UpdateCamera(argument: _rcr_reviews_v1_UpdateCameraRequest, callback: grpc.requestCallback<_rcr_reviews_v1_Camera__Output>): grpc.ClientUnaryCall;
  updateCamera(argument: _rcr_reviews_v1_UpdateCameraRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Camera__Output>): grpc.ClientUnaryCall;
  updateCamera(argument: _rcr_reviews_v1_UpdateCameraRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Camera__Output>): grpc.ClientUnaryCall;
  updateCamera(argument: _rcr_reviews_v1_UpdateCameraRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Camera__Output>): grpc.ClientUnaryCall;
  updateCamera(argument: _rcr_reviews_v1_UpdateCameraRequest, callback: grpc.requestCallback<_rcr_reviews_v1_Camera__Output>): grpc.ClientUnaryCall;
  
  UpdateReview(argument: _rcr_reviews_v1_UpdateReviewRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  UpdateReview(argument: _rcr_reviews_v1_UpdateReviewRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  UpdateReview(argument: _rcr_reviews_v1_UpdateReviewRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  UpdateReview(argument: _rcr_reviews_v1_UpdateReviewRequest, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  updateReview(argument: _rcr_reviews_v1_UpdateReviewRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  updateReview(argument: _rcr_reviews_v1_UpdateReviewRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  updateReview(argument: _rcr_reviews_v1_UpdateReviewRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  updateReview(argument: _rcr_reviews_v1_UpdateReviewRequest, callback: grpc.requestCallback<_rcr_reviews_v1_Review__Output>): grpc.ClientUnaryCall;
  
}

/**
 * The write side for cameras and reviews. Every call carries the gateway's signed internal token
 * (metadata `authorization: Bearer …`, see packages/platform/src/internal-auth.ts) naming the actor.
 */
export interface ReviewsServiceHandlers extends grpc.UntypedServiceImplementation {
  CreateCamera: grpc.handleUnaryCall<_rcr_reviews_v1_CameraInput__Output, _rcr_reviews_v1_Camera>;
  
  CreateReview: grpc.handleUnaryCall<_rcr_reviews_v1_ReviewInput__Output, _rcr_reviews_v1_Review>;
  
  DeleteCamera: grpc.handleUnaryCall<_rcr_reviews_v1_DeleteRequest__Output, _rcr_reviews_v1_Empty>;
  
  DeleteReview: grpc.handleUnaryCall<_rcr_reviews_v1_DeleteRequest__Output, _rcr_reviews_v1_Empty>;
  
  GetReconciliation: grpc.handleUnaryCall<_rcr_reviews_v1_Ref__Output, _rcr_reviews_v1_Reconciliation>;
  
  GetReview: grpc.handleUnaryCall<_rcr_reviews_v1_Ref__Output, _rcr_reviews_v1_Review>;
  
  ListReviews: grpc.handleUnaryCall<_rcr_reviews_v1_ListReviewsRequest__Output, _rcr_reviews_v1_ReviewList>;
  
  PublishReview: grpc.handleUnaryCall<_rcr_reviews_v1_Ref__Output, _rcr_reviews_v1_Review>;
  
  /**
   * Store semantics (PUT /v1/cameras/{id}): creates the camera under a client-chosen id, or replaces it.
   */
  PutCamera: grpc.handleUnaryCall<_rcr_reviews_v1_PutCameraRequest__Output, _rcr_reviews_v1_PutCameraReply>;
  
  /**
   * Anti-entropy (admins): compares the read model with this service's reviews and cameras, by events,
   * and repairs drift by re-emitting snapshots. Returns the run at once; GetReconciliation follows it.
   */
  StartReconciliation: grpc.handleUnaryCall<_rcr_reviews_v1_Empty__Output, _rcr_reviews_v1_Reconciliation>;
  
  UnpublishReview: grpc.handleUnaryCall<_rcr_reviews_v1_Ref__Output, _rcr_reviews_v1_Review>;
  
  UpdateCamera: grpc.handleUnaryCall<_rcr_reviews_v1_UpdateCameraRequest__Output, _rcr_reviews_v1_Camera>;
  
  UpdateReview: grpc.handleUnaryCall<_rcr_reviews_v1_UpdateReviewRequest__Output, _rcr_reviews_v1_Review>;
  
}

export interface ReviewsServiceDefinition extends grpc.ServiceDefinition {
  CreateCamera: MethodDefinition<_rcr_reviews_v1_CameraInput, _rcr_reviews_v1_Camera, _rcr_reviews_v1_CameraInput__Output, _rcr_reviews_v1_Camera__Output>
  CreateReview: MethodDefinition<_rcr_reviews_v1_ReviewInput, _rcr_reviews_v1_Review, _rcr_reviews_v1_ReviewInput__Output, _rcr_reviews_v1_Review__Output>
  DeleteCamera: MethodDefinition<_rcr_reviews_v1_DeleteRequest, _rcr_reviews_v1_Empty, _rcr_reviews_v1_DeleteRequest__Output, _rcr_reviews_v1_Empty__Output>
  DeleteReview: MethodDefinition<_rcr_reviews_v1_DeleteRequest, _rcr_reviews_v1_Empty, _rcr_reviews_v1_DeleteRequest__Output, _rcr_reviews_v1_Empty__Output>
  GetReconciliation: MethodDefinition<_rcr_reviews_v1_Ref, _rcr_reviews_v1_Reconciliation, _rcr_reviews_v1_Ref__Output, _rcr_reviews_v1_Reconciliation__Output>
  GetReview: MethodDefinition<_rcr_reviews_v1_Ref, _rcr_reviews_v1_Review, _rcr_reviews_v1_Ref__Output, _rcr_reviews_v1_Review__Output>
  ListReviews: MethodDefinition<_rcr_reviews_v1_ListReviewsRequest, _rcr_reviews_v1_ReviewList, _rcr_reviews_v1_ListReviewsRequest__Output, _rcr_reviews_v1_ReviewList__Output>
  PublishReview: MethodDefinition<_rcr_reviews_v1_Ref, _rcr_reviews_v1_Review, _rcr_reviews_v1_Ref__Output, _rcr_reviews_v1_Review__Output>
  PutCamera: MethodDefinition<_rcr_reviews_v1_PutCameraRequest, _rcr_reviews_v1_PutCameraReply, _rcr_reviews_v1_PutCameraRequest__Output, _rcr_reviews_v1_PutCameraReply__Output>
  StartReconciliation: MethodDefinition<_rcr_reviews_v1_Empty, _rcr_reviews_v1_Reconciliation, _rcr_reviews_v1_Empty__Output, _rcr_reviews_v1_Reconciliation__Output>
  UnpublishReview: MethodDefinition<_rcr_reviews_v1_Ref, _rcr_reviews_v1_Review, _rcr_reviews_v1_Ref__Output, _rcr_reviews_v1_Review__Output>
  UpdateCamera: MethodDefinition<_rcr_reviews_v1_UpdateCameraRequest, _rcr_reviews_v1_Camera, _rcr_reviews_v1_UpdateCameraRequest__Output, _rcr_reviews_v1_Camera__Output>
  UpdateReview: MethodDefinition<_rcr_reviews_v1_UpdateReviewRequest, _rcr_reviews_v1_Review, _rcr_reviews_v1_UpdateReviewRequest__Output, _rcr_reviews_v1_Review__Output>
}
