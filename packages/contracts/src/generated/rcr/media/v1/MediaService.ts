// Original file: proto/media.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { DeleteImageResult as _rcr_media_v1_DeleteImageResult, DeleteImageResult__Output as _rcr_media_v1_DeleteImageResult__Output } from '../../../rcr/media/v1/DeleteImageResult.ts';
import type { FileChunk as _rcr_jobs_v1_FileChunk, FileChunk__Output as _rcr_jobs_v1_FileChunk__Output } from '../../../rcr/jobs/v1/FileChunk.ts';
import type { FileInfo as _rcr_jobs_v1_FileInfo, FileInfo__Output as _rcr_jobs_v1_FileInfo__Output } from '../../../rcr/jobs/v1/FileInfo.ts';
import type { FileRequest as _rcr_jobs_v1_FileRequest, FileRequest__Output as _rcr_jobs_v1_FileRequest__Output } from '../../../rcr/jobs/v1/FileRequest.ts';
import type { Image as _rcr_media_v1_Image, Image__Output as _rcr_media_v1_Image__Output } from '../../../rcr/media/v1/Image.ts';
import type { ImageList as _rcr_media_v1_ImageList, ImageList__Output as _rcr_media_v1_ImageList__Output } from '../../../rcr/media/v1/ImageList.ts';
import type { ImageRef as _rcr_media_v1_ImageRef, ImageRef__Output as _rcr_media_v1_ImageRef__Output } from '../../../rcr/media/v1/ImageRef.ts';
import type { ReviewImagesRequest as _rcr_media_v1_ReviewImagesRequest, ReviewImagesRequest__Output as _rcr_media_v1_ReviewImagesRequest__Output } from '../../../rcr/media/v1/ReviewImagesRequest.ts';
import type { UploadChunk as _rcr_media_v1_UploadChunk, UploadChunk__Output as _rcr_media_v1_UploadChunk__Output } from '../../../rcr/media/v1/UploadChunk.ts';

/**
 * Review images (ADR 0029): uploads checked by their bytes, originals kept private, renditions made by
 * the thumbnail worker and served by signed links. Called only by the gateway.
 */
export interface MediaServiceClient extends grpc.Client {
  /**
   * The review's owner or an admin: the image, its original and its renditions go.
   */
  DeleteImage(argument: _rcr_media_v1_ImageRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_media_v1_DeleteImageResult__Output>): grpc.ClientUnaryCall;
  DeleteImage(argument: _rcr_media_v1_ImageRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_media_v1_DeleteImageResult__Output>): grpc.ClientUnaryCall;
  DeleteImage(argument: _rcr_media_v1_ImageRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_media_v1_DeleteImageResult__Output>): grpc.ClientUnaryCall;
  DeleteImage(argument: _rcr_media_v1_ImageRef, callback: grpc.requestCallback<_rcr_media_v1_DeleteImageResult__Output>): grpc.ClientUnaryCall;
  /**
   * The review's owner or an admin: the image, its original and its renditions go.
   */
  deleteImage(argument: _rcr_media_v1_ImageRef, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_media_v1_DeleteImageResult__Output>): grpc.ClientUnaryCall;
  deleteImage(argument: _rcr_media_v1_ImageRef, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_media_v1_DeleteImageResult__Output>): grpc.ClientUnaryCall;
  deleteImage(argument: _rcr_media_v1_ImageRef, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_media_v1_DeleteImageResult__Output>): grpc.ClientUnaryCall;
  deleteImage(argument: _rcr_media_v1_ImageRef, callback: grpc.requestCallback<_rcr_media_v1_DeleteImageResult__Output>): grpc.ClientUnaryCall;
  
  /**
   * The images of a review (anyone may list those of a published review; a draft's: owner or admin).
   */
  ListImages(argument: _rcr_media_v1_ReviewImagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_media_v1_ImageList__Output>): grpc.ClientUnaryCall;
  ListImages(argument: _rcr_media_v1_ReviewImagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_media_v1_ImageList__Output>): grpc.ClientUnaryCall;
  ListImages(argument: _rcr_media_v1_ReviewImagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_media_v1_ImageList__Output>): grpc.ClientUnaryCall;
  ListImages(argument: _rcr_media_v1_ReviewImagesRequest, callback: grpc.requestCallback<_rcr_media_v1_ImageList__Output>): grpc.ClientUnaryCall;
  /**
   * The images of a review (anyone may list those of a published review; a draft's: owner or admin).
   */
  listImages(argument: _rcr_media_v1_ReviewImagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_media_v1_ImageList__Output>): grpc.ClientUnaryCall;
  listImages(argument: _rcr_media_v1_ReviewImagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_media_v1_ImageList__Output>): grpc.ClientUnaryCall;
  listImages(argument: _rcr_media_v1_ReviewImagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_media_v1_ImageList__Output>): grpc.ClientUnaryCall;
  listImages(argument: _rcr_media_v1_ReviewImagesRequest, callback: grpc.requestCallback<_rcr_media_v1_ImageList__Output>): grpc.ClientUnaryCall;
  
  /**
   * A published rendition by a signed link: first message `info`, then the bytes in `data` chunks.
   */
  ReadFile(argument: _rcr_jobs_v1_FileRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_rcr_jobs_v1_FileChunk__Output>;
  ReadFile(argument: _rcr_jobs_v1_FileRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_rcr_jobs_v1_FileChunk__Output>;
  /**
   * A published rendition by a signed link: first message `info`, then the bytes in `data` chunks.
   */
  readFile(argument: _rcr_jobs_v1_FileRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_rcr_jobs_v1_FileChunk__Output>;
  readFile(argument: _rcr_jobs_v1_FileRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_rcr_jobs_v1_FileChunk__Output>;
  
  /**
   * A published rendition by a signed link: what the headers need, without the bytes (HEAD).
   */
  StatFile(argument: _rcr_jobs_v1_FileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_FileInfo__Output>): grpc.ClientUnaryCall;
  StatFile(argument: _rcr_jobs_v1_FileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_jobs_v1_FileInfo__Output>): grpc.ClientUnaryCall;
  StatFile(argument: _rcr_jobs_v1_FileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_FileInfo__Output>): grpc.ClientUnaryCall;
  StatFile(argument: _rcr_jobs_v1_FileRequest, callback: grpc.requestCallback<_rcr_jobs_v1_FileInfo__Output>): grpc.ClientUnaryCall;
  /**
   * A published rendition by a signed link: what the headers need, without the bytes (HEAD).
   */
  statFile(argument: _rcr_jobs_v1_FileRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_FileInfo__Output>): grpc.ClientUnaryCall;
  statFile(argument: _rcr_jobs_v1_FileRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_jobs_v1_FileInfo__Output>): grpc.ClientUnaryCall;
  statFile(argument: _rcr_jobs_v1_FileRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_jobs_v1_FileInfo__Output>): grpc.ClientUnaryCall;
  statFile(argument: _rcr_jobs_v1_FileRequest, callback: grpc.requestCallback<_rcr_jobs_v1_FileInfo__Output>): grpc.ClientUnaryCall;
  
  /**
   * The review's owner or an admin: the first message is `meta`, then the file in `data` chunks. The
   * service refuses as soon as it knows (the type from the first bytes, the size limit while reading).
   */
  UploadImage(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_media_v1_Image__Output>): grpc.ClientWritableStream<_rcr_media_v1_UploadChunk>;
  UploadImage(metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_media_v1_Image__Output>): grpc.ClientWritableStream<_rcr_media_v1_UploadChunk>;
  UploadImage(options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_media_v1_Image__Output>): grpc.ClientWritableStream<_rcr_media_v1_UploadChunk>;
  UploadImage(callback: grpc.requestCallback<_rcr_media_v1_Image__Output>): grpc.ClientWritableStream<_rcr_media_v1_UploadChunk>;
  /**
   * The review's owner or an admin: the first message is `meta`, then the file in `data` chunks. The
   * service refuses as soon as it knows (the type from the first bytes, the size limit while reading).
   */
  uploadImage(metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_media_v1_Image__Output>): grpc.ClientWritableStream<_rcr_media_v1_UploadChunk>;
  uploadImage(metadata: grpc.Metadata, callback: grpc.requestCallback<_rcr_media_v1_Image__Output>): grpc.ClientWritableStream<_rcr_media_v1_UploadChunk>;
  uploadImage(options: grpc.CallOptions, callback: grpc.requestCallback<_rcr_media_v1_Image__Output>): grpc.ClientWritableStream<_rcr_media_v1_UploadChunk>;
  uploadImage(callback: grpc.requestCallback<_rcr_media_v1_Image__Output>): grpc.ClientWritableStream<_rcr_media_v1_UploadChunk>;
  
}

/**
 * Review images (ADR 0029): uploads checked by their bytes, originals kept private, renditions made by
 * the thumbnail worker and served by signed links. Called only by the gateway.
 */
export interface MediaServiceHandlers extends grpc.UntypedServiceImplementation {
  /**
   * The review's owner or an admin: the image, its original and its renditions go.
   */
  DeleteImage: grpc.handleUnaryCall<_rcr_media_v1_ImageRef__Output, _rcr_media_v1_DeleteImageResult>;
  
  /**
   * The images of a review (anyone may list those of a published review; a draft's: owner or admin).
   */
  ListImages: grpc.handleUnaryCall<_rcr_media_v1_ReviewImagesRequest__Output, _rcr_media_v1_ImageList>;
  
  /**
   * A published rendition by a signed link: first message `info`, then the bytes in `data` chunks.
   */
  ReadFile: grpc.handleServerStreamingCall<_rcr_jobs_v1_FileRequest__Output, _rcr_jobs_v1_FileChunk>;
  
  /**
   * A published rendition by a signed link: what the headers need, without the bytes (HEAD).
   */
  StatFile: grpc.handleUnaryCall<_rcr_jobs_v1_FileRequest__Output, _rcr_jobs_v1_FileInfo>;
  
  /**
   * The review's owner or an admin: the first message is `meta`, then the file in `data` chunks. The
   * service refuses as soon as it knows (the type from the first bytes, the size limit while reading).
   */
  UploadImage: grpc.handleClientStreamingCall<_rcr_media_v1_UploadChunk__Output, _rcr_media_v1_Image>;
  
}

export interface MediaServiceDefinition extends grpc.ServiceDefinition {
  DeleteImage: MethodDefinition<_rcr_media_v1_ImageRef, _rcr_media_v1_DeleteImageResult, _rcr_media_v1_ImageRef__Output, _rcr_media_v1_DeleteImageResult__Output>
  ListImages: MethodDefinition<_rcr_media_v1_ReviewImagesRequest, _rcr_media_v1_ImageList, _rcr_media_v1_ReviewImagesRequest__Output, _rcr_media_v1_ImageList__Output>
  ReadFile: MethodDefinition<_rcr_jobs_v1_FileRequest, _rcr_jobs_v1_FileChunk, _rcr_jobs_v1_FileRequest__Output, _rcr_jobs_v1_FileChunk__Output>
  StatFile: MethodDefinition<_rcr_jobs_v1_FileRequest, _rcr_jobs_v1_FileInfo, _rcr_jobs_v1_FileRequest__Output, _rcr_jobs_v1_FileInfo__Output>
  UploadImage: MethodDefinition<_rcr_media_v1_UploadChunk, _rcr_media_v1_Image, _rcr_media_v1_UploadChunk__Output, _rcr_media_v1_Image__Output>
}
