import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { CreateExportRequest as _rcr_jobs_v1_CreateExportRequest, CreateExportRequest__Output as _rcr_jobs_v1_CreateExportRequest__Output } from './rcr/jobs/v1/CreateExportRequest.ts';
import type { ExportFilter as _rcr_jobs_v1_ExportFilter, ExportFilter__Output as _rcr_jobs_v1_ExportFilter__Output } from './rcr/jobs/v1/ExportFilter.ts';
import type { FileChunk as _rcr_jobs_v1_FileChunk, FileChunk__Output as _rcr_jobs_v1_FileChunk__Output } from './rcr/jobs/v1/FileChunk.ts';
import type { FileInfo as _rcr_jobs_v1_FileInfo, FileInfo__Output as _rcr_jobs_v1_FileInfo__Output } from './rcr/jobs/v1/FileInfo.ts';
import type { FileRequest as _rcr_jobs_v1_FileRequest, FileRequest__Output as _rcr_jobs_v1_FileRequest__Output } from './rcr/jobs/v1/FileRequest.ts';
import type { Job as _rcr_jobs_v1_Job, Job__Output as _rcr_jobs_v1_Job__Output } from './rcr/jobs/v1/Job.ts';
import type { JobList as _rcr_jobs_v1_JobList, JobList__Output as _rcr_jobs_v1_JobList__Output } from './rcr/jobs/v1/JobList.ts';
import type { JobRef as _rcr_jobs_v1_JobRef, JobRef__Output as _rcr_jobs_v1_JobRef__Output } from './rcr/jobs/v1/JobRef.ts';
import type { JobResult as _rcr_jobs_v1_JobResult, JobResult__Output as _rcr_jobs_v1_JobResult__Output } from './rcr/jobs/v1/JobResult.ts';
import type { JobsServiceClient as _rcr_jobs_v1_JobsServiceClient, JobsServiceDefinition as _rcr_jobs_v1_JobsServiceDefinition } from './rcr/jobs/v1/JobsService.ts';
import type { ListJobsRequest as _rcr_jobs_v1_ListJobsRequest, ListJobsRequest__Output as _rcr_jobs_v1_ListJobsRequest__Output } from './rcr/jobs/v1/ListJobsRequest.ts';
import type { DeleteImageResult as _rcr_media_v1_DeleteImageResult, DeleteImageResult__Output as _rcr_media_v1_DeleteImageResult__Output } from './rcr/media/v1/DeleteImageResult.ts';
import type { Image as _rcr_media_v1_Image, Image__Output as _rcr_media_v1_Image__Output } from './rcr/media/v1/Image.ts';
import type { ImageList as _rcr_media_v1_ImageList, ImageList__Output as _rcr_media_v1_ImageList__Output } from './rcr/media/v1/ImageList.ts';
import type { ImageRef as _rcr_media_v1_ImageRef, ImageRef__Output as _rcr_media_v1_ImageRef__Output } from './rcr/media/v1/ImageRef.ts';
import type { MediaServiceClient as _rcr_media_v1_MediaServiceClient, MediaServiceDefinition as _rcr_media_v1_MediaServiceDefinition } from './rcr/media/v1/MediaService.ts';
import type { Rendition as _rcr_media_v1_Rendition, Rendition__Output as _rcr_media_v1_Rendition__Output } from './rcr/media/v1/Rendition.ts';
import type { ReviewImagesRequest as _rcr_media_v1_ReviewImagesRequest, ReviewImagesRequest__Output as _rcr_media_v1_ReviewImagesRequest__Output } from './rcr/media/v1/ReviewImagesRequest.ts';
import type { UploadChunk as _rcr_media_v1_UploadChunk, UploadChunk__Output as _rcr_media_v1_UploadChunk__Output } from './rcr/media/v1/UploadChunk.ts';
import type { UploadMeta as _rcr_media_v1_UploadMeta, UploadMeta__Output as _rcr_media_v1_UploadMeta__Output } from './rcr/media/v1/UploadMeta.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rcr: {
    jobs: {
      v1: {
        CreateExportRequest: MessageTypeDefinition<_rcr_jobs_v1_CreateExportRequest, _rcr_jobs_v1_CreateExportRequest__Output>
        ExportFilter: MessageTypeDefinition<_rcr_jobs_v1_ExportFilter, _rcr_jobs_v1_ExportFilter__Output>
        FileChunk: MessageTypeDefinition<_rcr_jobs_v1_FileChunk, _rcr_jobs_v1_FileChunk__Output>
        FileInfo: MessageTypeDefinition<_rcr_jobs_v1_FileInfo, _rcr_jobs_v1_FileInfo__Output>
        FileRequest: MessageTypeDefinition<_rcr_jobs_v1_FileRequest, _rcr_jobs_v1_FileRequest__Output>
        Job: MessageTypeDefinition<_rcr_jobs_v1_Job, _rcr_jobs_v1_Job__Output>
        JobList: MessageTypeDefinition<_rcr_jobs_v1_JobList, _rcr_jobs_v1_JobList__Output>
        JobRef: MessageTypeDefinition<_rcr_jobs_v1_JobRef, _rcr_jobs_v1_JobRef__Output>
        JobResult: MessageTypeDefinition<_rcr_jobs_v1_JobResult, _rcr_jobs_v1_JobResult__Output>
        /**
         * Long tasks (exports) and, for now, the bucket's files: the jobs service owns the bucket until a media
         * service takes the files over (ADR 0024). Called only by the gateway.
         */
        JobsService: SubtypeConstructor<typeof grpc.Client, _rcr_jobs_v1_JobsServiceClient> & { service: _rcr_jobs_v1_JobsServiceDefinition }
        ListJobsRequest: MessageTypeDefinition<_rcr_jobs_v1_ListJobsRequest, _rcr_jobs_v1_ListJobsRequest__Output>
      }
    }
    media: {
      v1: {
        DeleteImageResult: MessageTypeDefinition<_rcr_media_v1_DeleteImageResult, _rcr_media_v1_DeleteImageResult__Output>
        Image: MessageTypeDefinition<_rcr_media_v1_Image, _rcr_media_v1_Image__Output>
        ImageList: MessageTypeDefinition<_rcr_media_v1_ImageList, _rcr_media_v1_ImageList__Output>
        ImageRef: MessageTypeDefinition<_rcr_media_v1_ImageRef, _rcr_media_v1_ImageRef__Output>
        /**
         * Review images (ADR 0029): uploads checked by their bytes, originals kept private, renditions made by
         * the thumbnail worker and served by signed links. Called only by the gateway.
         */
        MediaService: SubtypeConstructor<typeof grpc.Client, _rcr_media_v1_MediaServiceClient> & { service: _rcr_media_v1_MediaServiceDefinition }
        Rendition: MessageTypeDefinition<_rcr_media_v1_Rendition, _rcr_media_v1_Rendition__Output>
        ReviewImagesRequest: MessageTypeDefinition<_rcr_media_v1_ReviewImagesRequest, _rcr_media_v1_ReviewImagesRequest__Output>
        UploadChunk: MessageTypeDefinition<_rcr_media_v1_UploadChunk, _rcr_media_v1_UploadChunk__Output>
        UploadMeta: MessageTypeDefinition<_rcr_media_v1_UploadMeta, _rcr_media_v1_UploadMeta__Output>
      }
    }
  }
}

