// Original file: proto/content.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CameraRef as _rcr_content_v1_CameraRef, CameraRef__Output as _rcr_content_v1_CameraRef__Output } from '../../../rcr/content/v1/CameraRef.ts';
import type { CameraSummary as _rcr_content_v1_CameraSummary, CameraSummary__Output as _rcr_content_v1_CameraSummary__Output } from '../../../rcr/content/v1/CameraSummary.ts';
import type { CameraSummaryList as _rcr_content_v1_CameraSummaryList, CameraSummaryList__Output as _rcr_content_v1_CameraSummaryList__Output } from '../../../rcr/content/v1/CameraSummaryList.ts';
import type { ContentItem as _rcr_content_v1_ContentItem, ContentItem__Output as _rcr_content_v1_ContentItem__Output } from '../../../rcr/content/v1/ContentItem.ts';
import type { ContentList as _rcr_content_v1_ContentList, ContentList__Output as _rcr_content_v1_ContentList__Output } from '../../../rcr/content/v1/ContentList.ts';
import type { ListCamerasRequest as _rcr_content_v1_ListCamerasRequest, ListCamerasRequest__Output as _rcr_content_v1_ListCamerasRequest__Output } from '../../../rcr/content/v1/ListCamerasRequest.ts';
import type { ListContentRequest as _rcr_content_v1_ListContentRequest, ListContentRequest__Output as _rcr_content_v1_ListContentRequest__Output } from '../../../rcr/content/v1/ListContentRequest.ts';
import type { SlugRef as _rcr_content_v1_SlugRef, SlugRef__Output as _rcr_content_v1_SlugRef__Output } from '../../../rcr/content/v1/SlugRef.ts';

/**
 * The public read side: a read model built only from events.
 */
export interface ContentServiceClient extends grpc.Client {
  GetCamera(argument: _rcr_content_v1_CameraRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummary__Output>): grpc.ClientUnaryCall;
  GetCamera(argument: _rcr_content_v1_CameraRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_CameraSummary__Output>): grpc.ClientUnaryCall;
  GetCamera(argument: _rcr_content_v1_CameraRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummary__Output>): grpc.ClientUnaryCall;
  GetCamera(argument: _rcr_content_v1_CameraRef, callback: grpc.requestCallback<_rcr_content_v1_CameraSummary__Output>): grpc.ClientUnaryCall;
  getCamera(argument: _rcr_content_v1_CameraRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummary__Output>): grpc.ClientUnaryCall;
  getCamera(argument: _rcr_content_v1_CameraRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_CameraSummary__Output>): grpc.ClientUnaryCall;
  getCamera(argument: _rcr_content_v1_CameraRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummary__Output>): grpc.ClientUnaryCall;
  getCamera(argument: _rcr_content_v1_CameraRef, callback: grpc.requestCallback<_rcr_content_v1_CameraSummary__Output>): grpc.ClientUnaryCall;
  
  GetContent(argument: _rcr_content_v1_SlugRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentItem__Output>): grpc.ClientUnaryCall;
  GetContent(argument: _rcr_content_v1_SlugRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_ContentItem__Output>): grpc.ClientUnaryCall;
  GetContent(argument: _rcr_content_v1_SlugRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentItem__Output>): grpc.ClientUnaryCall;
  GetContent(argument: _rcr_content_v1_SlugRef, callback: grpc.requestCallback<_rcr_content_v1_ContentItem__Output>): grpc.ClientUnaryCall;
  getContent(argument: _rcr_content_v1_SlugRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentItem__Output>): grpc.ClientUnaryCall;
  getContent(argument: _rcr_content_v1_SlugRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_ContentItem__Output>): grpc.ClientUnaryCall;
  getContent(argument: _rcr_content_v1_SlugRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentItem__Output>): grpc.ClientUnaryCall;
  getContent(argument: _rcr_content_v1_SlugRef, callback: grpc.requestCallback<_rcr_content_v1_ContentItem__Output>): grpc.ClientUnaryCall;
  
  ListCameras(argument: _rcr_content_v1_ListCamerasRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  ListCameras(argument: _rcr_content_v1_ListCamerasRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  ListCameras(argument: _rcr_content_v1_ListCamerasRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  ListCameras(argument: _rcr_content_v1_ListCamerasRequest, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  listCameras(argument: _rcr_content_v1_ListCamerasRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  listCameras(argument: _rcr_content_v1_ListCamerasRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  listCameras(argument: _rcr_content_v1_ListCamerasRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  listCameras(argument: _rcr_content_v1_ListCamerasRequest, callback: grpc.requestCallback<_rcr_content_v1_CameraSummaryList__Output>): grpc.ClientUnaryCall;
  
  ListContent(argument: _rcr_content_v1_ListContentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentList__Output>): grpc.ClientUnaryCall;
  ListContent(argument: _rcr_content_v1_ListContentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_ContentList__Output>): grpc.ClientUnaryCall;
  ListContent(argument: _rcr_content_v1_ListContentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentList__Output>): grpc.ClientUnaryCall;
  ListContent(argument: _rcr_content_v1_ListContentRequest, callback: grpc.requestCallback<_rcr_content_v1_ContentList__Output>): grpc.ClientUnaryCall;
  listContent(argument: _rcr_content_v1_ListContentRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentList__Output>): grpc.ClientUnaryCall;
  listContent(argument: _rcr_content_v1_ListContentRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_content_v1_ContentList__Output>): grpc.ClientUnaryCall;
  listContent(argument: _rcr_content_v1_ListContentRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_content_v1_ContentList__Output>): grpc.ClientUnaryCall;
  listContent(argument: _rcr_content_v1_ListContentRequest, callback: grpc.requestCallback<_rcr_content_v1_ContentList__Output>): grpc.ClientUnaryCall;
  
}

/**
 * The public read side: a read model built only from events.
 */
export interface ContentServiceHandlers extends grpc.UntypedServiceImplementation {
  GetCamera: grpc.handleUnaryCall<_rcr_content_v1_CameraRef__Output, _rcr_content_v1_CameraSummary>;
  
  GetContent: grpc.handleUnaryCall<_rcr_content_v1_SlugRef__Output, _rcr_content_v1_ContentItem>;
  
  ListCameras: grpc.handleUnaryCall<_rcr_content_v1_ListCamerasRequest__Output, _rcr_content_v1_CameraSummaryList>;
  
  ListContent: grpc.handleUnaryCall<_rcr_content_v1_ListContentRequest__Output, _rcr_content_v1_ContentList>;
  
}

export interface ContentServiceDefinition extends grpc.ServiceDefinition {
  GetCamera: MethodDefinition<_rcr_content_v1_CameraRef, _rcr_content_v1_CameraSummary, _rcr_content_v1_CameraRef__Output, _rcr_content_v1_CameraSummary__Output>
  GetContent: MethodDefinition<_rcr_content_v1_SlugRef, _rcr_content_v1_ContentItem, _rcr_content_v1_SlugRef__Output, _rcr_content_v1_ContentItem__Output>
  ListCameras: MethodDefinition<_rcr_content_v1_ListCamerasRequest, _rcr_content_v1_CameraSummaryList, _rcr_content_v1_ListCamerasRequest__Output, _rcr_content_v1_CameraSummaryList__Output>
  ListContent: MethodDefinition<_rcr_content_v1_ListContentRequest, _rcr_content_v1_ContentList, _rcr_content_v1_ListContentRequest__Output, _rcr_content_v1_ContentList__Output>
}
