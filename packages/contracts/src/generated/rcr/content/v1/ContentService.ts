// Original file: proto/content.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AwaitVersionsReply as _rcr_content_v1_AwaitVersionsReply, AwaitVersionsReply__Output as _rcr_content_v1_AwaitVersionsReply__Output } from '../../../rcr/content/v1/AwaitVersionsReply.ts';
import type { AwaitVersionsRequest as _rcr_content_v1_AwaitVersionsRequest, AwaitVersionsRequest__Output as _rcr_content_v1_AwaitVersionsRequest__Output } from '../../../rcr/content/v1/AwaitVersionsRequest.ts';
import type { CameraRef as _rcr_content_v1_CameraRef, CameraRef__Output as _rcr_content_v1_CameraRef__Output } from '../../../rcr/content/v1/CameraRef.ts';
import type { CameraRefs as _rcr_content_v1_CameraRefs, CameraRefs__Output as _rcr_content_v1_CameraRefs__Output } from '../../../rcr/content/v1/CameraRefs.ts';
import type { CameraSummary as _rcr_content_v1_CameraSummary, CameraSummary__Output as _rcr_content_v1_CameraSummary__Output } from '../../../rcr/content/v1/CameraSummary.ts';
import type { CameraSummaryList as _rcr_content_v1_CameraSummaryList, CameraSummaryList__Output as _rcr_content_v1_CameraSummaryList__Output } from '../../../rcr/content/v1/CameraSummaryList.ts';
import type { CompareRequest as _rcr_content_v1_CompareRequest, CompareRequest__Output as _rcr_content_v1_CompareRequest__Output } from '../../../rcr/content/v1/CompareRequest.ts';
import type { Comparison as _rcr_content_v1_Comparison, Comparison__Output as _rcr_content_v1_Comparison__Output } from '../../../rcr/content/v1/Comparison.ts';
import type { ContentItem as _rcr_content_v1_ContentItem, ContentItem__Output as _rcr_content_v1_ContentItem__Output } from '../../../rcr/content/v1/ContentItem.ts';
import type { ContentJson as _rcr_content_v1_ContentJson, ContentJson__Output as _rcr_content_v1_ContentJson__Output } from '../../../rcr/content/v1/ContentJson.ts';
import type { ContentJsonList as _rcr_content_v1_ContentJsonList, ContentJsonList__Output as _rcr_content_v1_ContentJsonList__Output } from '../../../rcr/content/v1/ContentJsonList.ts';
import type { ContentList as _rcr_content_v1_ContentList, ContentList__Output as _rcr_content_v1_ContentList__Output } from '../../../rcr/content/v1/ContentList.ts';
import type { ListCamerasRequest as _rcr_content_v1_ListCamerasRequest, ListCamerasRequest__Output as _rcr_content_v1_ListCamerasRequest__Output } from '../../../rcr/content/v1/ListCamerasRequest.ts';
import type { ListContentRequest as _rcr_content_v1_ListContentRequest, ListContentRequest__Output as _rcr_content_v1_ListContentRequest__Output } from '../../../rcr/content/v1/ListContentRequest.ts';
import type { SlugRef as _rcr_content_v1_SlugRef, SlugRef__Output as _rcr_content_v1_SlugRef__Output } from '../../../rcr/content/v1/SlugRef.ts';

/**
 * The public read side: a read model built only from events.
 */
export interface ContentServiceClient extends grpc.Client {
  /**
   * Waits (bounded) until the read model has applied at least the given versions (read-your-writes).
   */
  AwaitVersions(argument: _rcr_content_v1_AwaitVersionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_AwaitVersionsReply__Output>): grpc.ClientUnaryCall;
  AwaitVersions(argument: _rcr_content_v1_AwaitVersionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_AwaitVersionsReply__Output>): grpc.ClientUnaryCall;
  AwaitVersions(argument: _rcr_content_v1_AwaitVersionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_AwaitVersionsReply__Output>): grpc.ClientUnaryCall;
  AwaitVersions(argument: _rcr_content_v1_AwaitVersionsRequest, callback: grpc.requestCallback<_rcr_content_v1_AwaitVersionsReply__Output>): grpc.ClientUnaryCall;
  /**
   * Waits (bounded) until the read model has applied at least the given versions (read-your-writes).
   */
  awaitVersions(argument: _rcr_content_v1_AwaitVersionsRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_AwaitVersionsReply__Output>): grpc.ClientUnaryCall;
  awaitVersions(argument: _rcr_content_v1_AwaitVersionsRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_AwaitVersionsReply__Output>): grpc.ClientUnaryCall;
  awaitVersions(argument: _rcr_content_v1_AwaitVersionsRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_AwaitVersionsReply__Output>): grpc.ClientUnaryCall;
  awaitVersions(argument: _rcr_content_v1_AwaitVersionsRequest, callback: grpc.requestCallback<_rcr_content_v1_AwaitVersionsReply__Output>): grpc.ClientUnaryCall;
  
  /**
   * Side-by-side comparison of 2–4 cameras: specs in common units, scores, the better value per field.
   */
  CompareCameras(argument: _rcr_content_v1_CompareRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_Comparison__Output>): grpc.ClientUnaryCall;
  CompareCameras(argument: _rcr_content_v1_CompareRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_Comparison__Output>): grpc.ClientUnaryCall;
  CompareCameras(argument: _rcr_content_v1_CompareRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_Comparison__Output>): grpc.ClientUnaryCall;
  CompareCameras(argument: _rcr_content_v1_CompareRequest, callback: grpc.requestCallback<_rcr_content_v1_Comparison__Output>): grpc.ClientUnaryCall;
  /**
   * Side-by-side comparison of 2–4 cameras: specs in common units, scores, the better value per field.
   */
  compareCameras(argument: _rcr_content_v1_CompareRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_Comparison__Output>): grpc.ClientUnaryCall;
  compareCameras(argument: _rcr_content_v1_CompareRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_Comparison__Output>): grpc.ClientUnaryCall;
  compareCameras(argument: _rcr_content_v1_CompareRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_Comparison__Output>): grpc.ClientUnaryCall;
  compareCameras(argument: _rcr_content_v1_CompareRequest, callback: grpc.requestCallback<_rcr_content_v1_Comparison__Output>): grpc.ClientUnaryCall;
  
  GetCamera(argument: _rcr_content_v1_CameraRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummary__Output>): grpc.ClientUnaryCall;
  GetCamera(argument: _rcr_content_v1_CameraRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_CameraSummary__Output>): grpc.ClientUnaryCall;
  GetCamera(argument: _rcr_content_v1_CameraRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummary__Output>): grpc.ClientUnaryCall;
  GetCamera(argument: _rcr_content_v1_CameraRef, callback: grpc.requestCallback<_rcr_content_v1_CameraSummary__Output>): grpc.ClientUnaryCall;
  getCamera(argument: _rcr_content_v1_CameraRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummary__Output>): grpc.ClientUnaryCall;
  getCamera(argument: _rcr_content_v1_CameraRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_CameraSummary__Output>): grpc.ClientUnaryCall;
  getCamera(argument: _rcr_content_v1_CameraRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummary__Output>): grpc.ClientUnaryCall;
  getCamera(argument: _rcr_content_v1_CameraRef, callback: grpc.requestCallback<_rcr_content_v1_CameraSummary__Output>): grpc.ClientUnaryCall;
  
  /**
   * Several cameras by id in one call (1–100 distinct ids): those that exist, in no particular order;
   * unknown or deleted ids are left out. For batched loading (GraphQL DataLoader).
   */
  GetCameras(argument: _rcr_content_v1_CameraRefs, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  GetCameras(argument: _rcr_content_v1_CameraRefs, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  GetCameras(argument: _rcr_content_v1_CameraRefs, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  GetCameras(argument: _rcr_content_v1_CameraRefs, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  /**
   * Several cameras by id in one call (1–100 distinct ids): those that exist, in no particular order;
   * unknown or deleted ids are left out. For batched loading (GraphQL DataLoader).
   */
  getCameras(argument: _rcr_content_v1_CameraRefs, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  getCameras(argument: _rcr_content_v1_CameraRefs, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  getCameras(argument: _rcr_content_v1_CameraRefs, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  getCameras(argument: _rcr_content_v1_CameraRefs, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  
  GetContent(argument: _rcr_content_v1_SlugRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentItem__Output>): grpc.ClientUnaryCall;
  GetContent(argument: _rcr_content_v1_SlugRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_ContentItem__Output>): grpc.ClientUnaryCall;
  GetContent(argument: _rcr_content_v1_SlugRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentItem__Output>): grpc.ClientUnaryCall;
  GetContent(argument: _rcr_content_v1_SlugRef, callback: grpc.requestCallback<_rcr_content_v1_ContentItem__Output>): grpc.ClientUnaryCall;
  getContent(argument: _rcr_content_v1_SlugRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentItem__Output>): grpc.ClientUnaryCall;
  getContent(argument: _rcr_content_v1_SlugRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_ContentItem__Output>): grpc.ClientUnaryCall;
  getContent(argument: _rcr_content_v1_SlugRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentItem__Output>): grpc.ClientUnaryCall;
  getContent(argument: _rcr_content_v1_SlugRef, callback: grpc.requestCallback<_rcr_content_v1_ContentItem__Output>): grpc.ClientUnaryCall;
  
  GetContentJson(argument: _rcr_content_v1_SlugRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentJson__Output>): grpc.ClientUnaryCall;
  GetContentJson(argument: _rcr_content_v1_SlugRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_ContentJson__Output>): grpc.ClientUnaryCall;
  GetContentJson(argument: _rcr_content_v1_SlugRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentJson__Output>): grpc.ClientUnaryCall;
  GetContentJson(argument: _rcr_content_v1_SlugRef, callback: grpc.requestCallback<_rcr_content_v1_ContentJson__Output>): grpc.ClientUnaryCall;
  getContentJson(argument: _rcr_content_v1_SlugRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentJson__Output>): grpc.ClientUnaryCall;
  getContentJson(argument: _rcr_content_v1_SlugRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_ContentJson__Output>): grpc.ClientUnaryCall;
  getContentJson(argument: _rcr_content_v1_SlugRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentJson__Output>): grpc.ClientUnaryCall;
  getContentJson(argument: _rcr_content_v1_SlugRef, callback: grpc.requestCallback<_rcr_content_v1_ContentJson__Output>): grpc.ClientUnaryCall;
  
  /**
   * Cameras with their review statistics: filters, name search, multi-field sort.
   */
  ListCameras(argument: _rcr_content_v1_ListCamerasRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  ListCameras(argument: _rcr_content_v1_ListCamerasRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  ListCameras(argument: _rcr_content_v1_ListCamerasRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  ListCameras(argument: _rcr_content_v1_ListCamerasRequest, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  /**
   * Cameras with their review statistics: filters, name search, multi-field sort.
   */
  listCameras(argument: _rcr_content_v1_ListCamerasRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  listCameras(argument: _rcr_content_v1_ListCamerasRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  listCameras(argument: _rcr_content_v1_ListCamerasRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  listCameras(argument: _rcr_content_v1_ListCamerasRequest, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  
  /**
   * Published reviews: full-text search, filters, multi-field sort, page/limit or keyset cursor.
   */
  ListContent(argument: _rcr_content_v1_ListContentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentList__Output>): grpc.ClientUnaryCall;
  ListContent(argument: _rcr_content_v1_ListContentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_ContentList__Output>): grpc.ClientUnaryCall;
  ListContent(argument: _rcr_content_v1_ListContentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentList__Output>): grpc.ClientUnaryCall;
  ListContent(argument: _rcr_content_v1_ListContentRequest, callback: grpc.requestCallback<_rcr_content_v1_ContentList__Output>): grpc.ClientUnaryCall;
  /**
   * Published reviews: full-text search, filters, multi-field sort, page/limit or keyset cursor.
   */
  listContent(argument: _rcr_content_v1_ListContentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentList__Output>): grpc.ClientUnaryCall;
  listContent(argument: _rcr_content_v1_ListContentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_ContentList__Output>): grpc.ClientUnaryCall;
  listContent(argument: _rcr_content_v1_ListContentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentList__Output>): grpc.ClientUnaryCall;
  listContent(argument: _rcr_content_v1_ListContentRequest, callback: grpc.requestCallback<_rcr_content_v1_ContentList__Output>): grpc.ClientUnaryCall;
  
  /**
   * The same two reads answered with the public API's JSON, as the projection stored it when the events
   * were applied (ADR 0015): the gateway sends these bytes on without parsing or re-serialising them.
   */
  ListContentJson(argument: _rcr_content_v1_ListContentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentJsonList__Output>): grpc.ClientUnaryCall;
  ListContentJson(argument: _rcr_content_v1_ListContentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_ContentJsonList__Output>): grpc.ClientUnaryCall;
  ListContentJson(argument: _rcr_content_v1_ListContentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentJsonList__Output>): grpc.ClientUnaryCall;
  ListContentJson(argument: _rcr_content_v1_ListContentRequest, callback: grpc.requestCallback<_rcr_content_v1_ContentJsonList__Output>): grpc.ClientUnaryCall;
  /**
   * The same two reads answered with the public API's JSON, as the projection stored it when the events
   * were applied (ADR 0015): the gateway sends these bytes on without parsing or re-serialising them.
   */
  listContentJson(argument: _rcr_content_v1_ListContentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentJsonList__Output>): grpc.ClientUnaryCall;
  listContentJson(argument: _rcr_content_v1_ListContentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_ContentJsonList__Output>): grpc.ClientUnaryCall;
  listContentJson(argument: _rcr_content_v1_ListContentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentJsonList__Output>): grpc.ClientUnaryCall;
  listContentJson(argument: _rcr_content_v1_ListContentRequest, callback: grpc.requestCallback<_rcr_content_v1_ContentJsonList__Output>): grpc.ClientUnaryCall;
  
}

/**
 * The public read side: a read model built only from events.
 */
export interface ContentServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Waits (bounded) until the read model has applied at least the given versions (read-your-writes).
   */
  AwaitVersions: grpc.handleUnaryCall<_rcr_content_v1_AwaitVersionsRequest__Output, _rcr_content_v1_AwaitVersionsReply>;
  
  /**
   * Side-by-side comparison of 2–4 cameras: specs in common units, scores, the better value per field.
   */
  CompareCameras: grpc.handleUnaryCall<_rcr_content_v1_CompareRequest__Output, _rcr_content_v1_Comparison>;
  
  GetCamera: grpc.handleUnaryCall<_rcr_content_v1_CameraRef__Output, _rcr_content_v1_CameraSummary>;
  
  /**
   * Several cameras by id in one call (1–100 distinct ids): those that exist, in no particular order;
   * unknown or deleted ids are left out. For batched loading (GraphQL DataLoader).
   */
  GetCameras: grpc.handleUnaryCall<_rcr_content_v1_CameraRefs__Output, _rcr_content_v1_CameraSummaryList>;
  
  GetContent: grpc.handleUnaryCall<_rcr_content_v1_SlugRef__Output, _rcr_content_v1_ContentItem>;
  
  GetContentJson: grpc.handleUnaryCall<_rcr_content_v1_SlugRef__Output, _rcr_content_v1_ContentJson>;
  
  /**
   * Cameras with their review statistics: filters, name search, multi-field sort.
   */
  ListCameras: grpc.handleUnaryCall<_rcr_content_v1_ListCamerasRequest__Output, _rcr_content_v1_CameraSummaryList>;
  
  /**
   * Published reviews: full-text search, filters, multi-field sort, page/limit or keyset cursor.
   */
  ListContent: grpc.handleUnaryCall<_rcr_content_v1_ListContentRequest__Output, _rcr_content_v1_ContentList>;
  
  /**
   * The same two reads answered with the public API's JSON, as the projection stored it when the events
   * were applied (ADR 0015): the gateway sends these bytes on without parsing or re-serialising them.
   */
  ListContentJson: grpc.handleUnaryCall<_rcr_content_v1_ListContentRequest__Output, _rcr_content_v1_ContentJsonList>;
  
}

export interface ContentServiceDefinition extends grpc.ServiceDefinition {
  AwaitVersions: MethodDefinition<_rcr_content_v1_AwaitVersionsRequest, _rcr_content_v1_AwaitVersionsReply, _rcr_content_v1_AwaitVersionsRequest__Output, _rcr_content_v1_AwaitVersionsReply__Output>
  CompareCameras: MethodDefinition<_rcr_content_v1_CompareRequest, _rcr_content_v1_Comparison, _rcr_content_v1_CompareRequest__Output, _rcr_content_v1_Comparison__Output>
  GetCamera: MethodDefinition<_rcr_content_v1_CameraRef, _rcr_content_v1_CameraSummary, _rcr_content_v1_CameraRef__Output, _rcr_content_v1_CameraSummary__Output>
  GetCameras: MethodDefinition<_rcr_content_v1_CameraRefs, _rcr_content_v1_CameraSummaryList, _rcr_content_v1_CameraRefs__Output, _rcr_content_v1_CameraSummaryList__Output>
  GetContent: MethodDefinition<_rcr_content_v1_SlugRef, _rcr_content_v1_ContentItem, _rcr_content_v1_SlugRef__Output, _rcr_content_v1_ContentItem__Output>
  GetContentJson: MethodDefinition<_rcr_content_v1_SlugRef, _rcr_content_v1_ContentJson, _rcr_content_v1_SlugRef__Output, _rcr_content_v1_ContentJson__Output>
  ListCameras: MethodDefinition<_rcr_content_v1_ListCamerasRequest, _rcr_content_v1_CameraSummaryList, _rcr_content_v1_ListCamerasRequest__Output, _rcr_content_v1_CameraSummaryList__Output>
  ListContent: MethodDefinition<_rcr_content_v1_ListContentRequest, _rcr_content_v1_ContentList, _rcr_content_v1_ListContentRequest__Output, _rcr_content_v1_ContentList__Output>
  ListContentJson: MethodDefinition<_rcr_content_v1_ListContentRequest, _rcr_content_v1_ContentJsonList, _rcr_content_v1_ListContentRequest__Output, _rcr_content_v1_ContentJsonList__Output>
}
