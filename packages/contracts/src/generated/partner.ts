import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { CameraServiceClient as _rcr_partner_v1_CameraServiceClient, CameraServiceDefinition as _rcr_partner_v1_CameraServiceDefinition } from './rcr/partner/v1/CameraService.ts';
import type { CameraSpec as _rcr_partner_v1_CameraSpec, CameraSpec__Output as _rcr_partner_v1_CameraSpec__Output } from './rcr/partner/v1/CameraSpec.ts';
import type { CameraSpecs as _rcr_partner_v1_CameraSpecs, CameraSpecs__Output as _rcr_partner_v1_CameraSpecs__Output } from './rcr/partner/v1/CameraSpecs.ts';
import type { CompareCamerasRequest as _rcr_partner_v1_CompareCamerasRequest, CompareCamerasRequest__Output as _rcr_partner_v1_CompareCamerasRequest__Output } from './rcr/partner/v1/CompareCamerasRequest.ts';
import type { ComparedCamera as _rcr_partner_v1_ComparedCamera, ComparedCamera__Output as _rcr_partner_v1_ComparedCamera__Output } from './rcr/partner/v1/ComparedCamera.ts';
import type { ComparedValue as _rcr_partner_v1_ComparedValue, ComparedValue__Output as _rcr_partner_v1_ComparedValue__Output } from './rcr/partner/v1/ComparedValue.ts';
import type { Comparison as _rcr_partner_v1_Comparison, Comparison__Output as _rcr_partner_v1_Comparison__Output } from './rcr/partner/v1/Comparison.ts';
import type { ComparisonField as _rcr_partner_v1_ComparisonField, ComparisonField__Output as _rcr_partner_v1_ComparisonField__Output } from './rcr/partner/v1/ComparisonField.ts';
import type { ContentServiceClient as _rcr_partner_v1_ContentServiceClient, ContentServiceDefinition as _rcr_partner_v1_ContentServiceDefinition } from './rcr/partner/v1/ContentService.ts';
import type { GetReviewRequest as _rcr_partner_v1_GetReviewRequest, GetReviewRequest__Output as _rcr_partner_v1_GetReviewRequest__Output } from './rcr/partner/v1/GetReviewRequest.ts';
import type { ImportCamerasSummary as _rcr_partner_v1_ImportCamerasSummary, ImportCamerasSummary__Output as _rcr_partner_v1_ImportCamerasSummary__Output } from './rcr/partner/v1/ImportCamerasSummary.ts';
import type { ImportError as _rcr_partner_v1_ImportError, ImportError__Output as _rcr_partner_v1_ImportError__Output } from './rcr/partner/v1/ImportError.ts';
import type { ListContentRequest as _rcr_partner_v1_ListContentRequest, ListContentRequest__Output as _rcr_partner_v1_ListContentRequest__Output } from './rcr/partner/v1/ListContentRequest.ts';
import type { ListContentResponse as _rcr_partner_v1_ListContentResponse, ListContentResponse__Output as _rcr_partner_v1_ListContentResponse__Output } from './rcr/partner/v1/ListContentResponse.ts';
import type { LookupError as _rcr_partner_v1_LookupError, LookupError__Output as _rcr_partner_v1_LookupError__Output } from './rcr/partner/v1/LookupError.ts';
import type { LookupReviewsRequest as _rcr_partner_v1_LookupReviewsRequest, LookupReviewsRequest__Output as _rcr_partner_v1_LookupReviewsRequest__Output } from './rcr/partner/v1/LookupReviewsRequest.ts';
import type { LookupReviewsResponse as _rcr_partner_v1_LookupReviewsResponse, LookupReviewsResponse__Output as _rcr_partner_v1_LookupReviewsResponse__Output } from './rcr/partner/v1/LookupReviewsResponse.ts';
import type { NamedRef as _rcr_partner_v1_NamedRef, NamedRef__Output as _rcr_partner_v1_NamedRef__Output } from './rcr/partner/v1/NamedRef.ts';
import type { Review as _rcr_partner_v1_Review, Review__Output as _rcr_partner_v1_Review__Output } from './rcr/partner/v1/Review.ts';
import type { ReviewChanged as _rcr_partner_v1_ReviewChanged, ReviewChanged__Output as _rcr_partner_v1_ReviewChanged__Output } from './rcr/partner/v1/ReviewChanged.ts';
import type { ReviewEvent as _rcr_partner_v1_ReviewEvent, ReviewEvent__Output as _rcr_partner_v1_ReviewEvent__Output } from './rcr/partner/v1/ReviewEvent.ts';
import type { StreamReset as _rcr_partner_v1_StreamReset, StreamReset__Output as _rcr_partner_v1_StreamReset__Output } from './rcr/partner/v1/StreamReset.ts';
import type { WatchReviewsRequest as _rcr_partner_v1_WatchReviewsRequest, WatchReviewsRequest__Output as _rcr_partner_v1_WatchReviewsRequest__Output } from './rcr/partner/v1/WatchReviewsRequest.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rcr: {
    partner: {
      v1: {
        /**
         * Camera catalogue administration.
         */
        CameraService: SubtypeConstructor<typeof grpc.Client, _rcr_partner_v1_CameraServiceClient> & { service: _rcr_partner_v1_CameraServiceDefinition }
        CameraSpec: MessageTypeDefinition<_rcr_partner_v1_CameraSpec, _rcr_partner_v1_CameraSpec__Output>
        CameraSpecs: MessageTypeDefinition<_rcr_partner_v1_CameraSpecs, _rcr_partner_v1_CameraSpecs__Output>
        CompareCamerasRequest: MessageTypeDefinition<_rcr_partner_v1_CompareCamerasRequest, _rcr_partner_v1_CompareCamerasRequest__Output>
        ComparedCamera: MessageTypeDefinition<_rcr_partner_v1_ComparedCamera, _rcr_partner_v1_ComparedCamera__Output>
        ComparedValue: MessageTypeDefinition<_rcr_partner_v1_ComparedValue, _rcr_partner_v1_ComparedValue__Output>
        Comparison: MessageTypeDefinition<_rcr_partner_v1_Comparison, _rcr_partner_v1_Comparison__Output>
        ComparisonField: MessageTypeDefinition<_rcr_partner_v1_ComparisonField, _rcr_partner_v1_ComparisonField__Output>
        /**
         * Published reviews and camera comparisons.
         */
        ContentService: SubtypeConstructor<typeof grpc.Client, _rcr_partner_v1_ContentServiceClient> & { service: _rcr_partner_v1_ContentServiceDefinition }
        GetReviewRequest: MessageTypeDefinition<_rcr_partner_v1_GetReviewRequest, _rcr_partner_v1_GetReviewRequest__Output>
        ImportCamerasSummary: MessageTypeDefinition<_rcr_partner_v1_ImportCamerasSummary, _rcr_partner_v1_ImportCamerasSummary__Output>
        ImportError: MessageTypeDefinition<_rcr_partner_v1_ImportError, _rcr_partner_v1_ImportError__Output>
        ListContentRequest: MessageTypeDefinition<_rcr_partner_v1_ListContentRequest, _rcr_partner_v1_ListContentRequest__Output>
        ListContentResponse: MessageTypeDefinition<_rcr_partner_v1_ListContentResponse, _rcr_partner_v1_ListContentResponse__Output>
        LookupError: MessageTypeDefinition<_rcr_partner_v1_LookupError, _rcr_partner_v1_LookupError__Output>
        LookupReviewsRequest: MessageTypeDefinition<_rcr_partner_v1_LookupReviewsRequest, _rcr_partner_v1_LookupReviewsRequest__Output>
        LookupReviewsResponse: MessageTypeDefinition<_rcr_partner_v1_LookupReviewsResponse, _rcr_partner_v1_LookupReviewsResponse__Output>
        NamedRef: MessageTypeDefinition<_rcr_partner_v1_NamedRef, _rcr_partner_v1_NamedRef__Output>
        Review: MessageTypeDefinition<_rcr_partner_v1_Review, _rcr_partner_v1_Review__Output>
        ReviewChanged: MessageTypeDefinition<_rcr_partner_v1_ReviewChanged, _rcr_partner_v1_ReviewChanged__Output>
        ReviewEvent: MessageTypeDefinition<_rcr_partner_v1_ReviewEvent, _rcr_partner_v1_ReviewEvent__Output>
        StreamReset: MessageTypeDefinition<_rcr_partner_v1_StreamReset, _rcr_partner_v1_StreamReset__Output>
        WatchReviewsRequest: MessageTypeDefinition<_rcr_partner_v1_WatchReviewsRequest, _rcr_partner_v1_WatchReviewsRequest__Output>
      }
    }
  }
}

