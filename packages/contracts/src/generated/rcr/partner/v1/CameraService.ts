// Original file: proto/partner.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { CameraSpec as _rcr_partner_v1_CameraSpec, CameraSpec__Output as _rcr_partner_v1_CameraSpec__Output } from '../../../rcr/partner/v1/CameraSpec.ts';
import type { ImportCamerasSummary as _rcr_partner_v1_ImportCamerasSummary, ImportCamerasSummary__Output as _rcr_partner_v1_ImportCamerasSummary__Output } from '../../../rcr/partner/v1/ImportCamerasSummary.ts';

/**
 * Camera catalogue administration.
 */
export interface CameraServiceClient extends grpc.Client {
  /**
   * Admins only. Stream camera specs in; each is created as POST /v1/cameras creates one (same rules),
   * and the summary says how many were created and why each other one failed (by its 0-based index).
   */
  ImportCameras(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_partner_v1_ImportCamerasSummary__Output>): grpc.ClientWritableStream<_rcr_partner_v1_CameraSpec>;
  ImportCameras(metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_partner_v1_ImportCamerasSummary__Output>): grpc.ClientWritableStream<_rcr_partner_v1_CameraSpec>;
  ImportCameras(options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_partner_v1_ImportCamerasSummary__Output>): grpc.ClientWritableStream<_rcr_partner_v1_CameraSpec>;
  ImportCameras(callback: grpc.requestCallback<_rcr_partner_v1_ImportCamerasSummary__Output>): grpc.ClientWritableStream<_rcr_partner_v1_CameraSpec>;
  /**
   * Admins only. Stream camera specs in; each is created as POST /v1/cameras creates one (same rules),
   * and the summary says how many were created and why each other one failed (by its 0-based index).
   */
  importCameras(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_partner_v1_ImportCamerasSummary__Output>): grpc.ClientWritableStream<_rcr_partner_v1_CameraSpec>;
  importCameras(metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_partner_v1_ImportCamerasSummary__Output>): grpc.ClientWritableStream<_rcr_partner_v1_CameraSpec>;
  importCameras(options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_partner_v1_ImportCamerasSummary__Output>): grpc.ClientWritableStream<_rcr_partner_v1_CameraSpec>;
  importCameras(callback: grpc.requestCallback<_rcr_partner_v1_ImportCamerasSummary__Output>): grpc.ClientWritableStream<_rcr_partner_v1_CameraSpec>;
  
}

/**
 * Camera catalogue administration.
 */
export interface CameraServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * Admins only. Stream camera specs in; each is created as POST /v1/cameras creates one (same rules),
   * and the summary says how many were created and why each other one failed (by its 0-based index).
   */
  ImportCameras: grpc.handleClientStreamingCall<_rcr_partner_v1_CameraSpec__Output, _rcr_partner_v1_ImportCamerasSummary>;
  
}

export interface CameraServiceDefinition extends grpc.ServiceDefinition {
  ImportCameras: MethodDefinition<_rcr_partner_v1_CameraSpec, _rcr_partner_v1_ImportCamerasSummary, _rcr_partner_v1_CameraSpec__Output, _rcr_partner_v1_ImportCamerasSummary__Output>
}
