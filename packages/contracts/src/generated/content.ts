import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AwaitVersionsReply as _rcr_content_v1_AwaitVersionsReply, AwaitVersionsReply__Output as _rcr_content_v1_AwaitVersionsReply__Output } from './rcr/content/v1/AwaitVersionsReply.ts';
import type { AwaitVersionsRequest as _rcr_content_v1_AwaitVersionsRequest, AwaitVersionsRequest__Output as _rcr_content_v1_AwaitVersionsRequest__Output } from './rcr/content/v1/AwaitVersionsRequest.ts';
import type { CameraRef as _rcr_content_v1_CameraRef, CameraRef__Output as _rcr_content_v1_CameraRef__Output } from './rcr/content/v1/CameraRef.ts';
import type { CameraRefs as _rcr_content_v1_CameraRefs, CameraRefs__Output as _rcr_content_v1_CameraRefs__Output } from './rcr/content/v1/CameraRefs.ts';
import type { CameraSummary as _rcr_content_v1_CameraSummary, CameraSummary__Output as _rcr_content_v1_CameraSummary__Output } from './rcr/content/v1/CameraSummary.ts';
import type { CameraSummaryList as _rcr_content_v1_CameraSummaryList, CameraSummaryList__Output as _rcr_content_v1_CameraSummaryList__Output } from './rcr/content/v1/CameraSummaryList.ts';
import type { CompareRequest as _rcr_content_v1_CompareRequest, CompareRequest__Output as _rcr_content_v1_CompareRequest__Output } from './rcr/content/v1/CompareRequest.ts';
import type { ComparedCamera as _rcr_content_v1_ComparedCamera, ComparedCamera__Output as _rcr_content_v1_ComparedCamera__Output } from './rcr/content/v1/ComparedCamera.ts';
import type { ComparedValue as _rcr_content_v1_ComparedValue, ComparedValue__Output as _rcr_content_v1_ComparedValue__Output } from './rcr/content/v1/ComparedValue.ts';
import type { Comparison as _rcr_content_v1_Comparison, Comparison__Output as _rcr_content_v1_Comparison__Output } from './rcr/content/v1/Comparison.ts';
import type { ComparisonField as _rcr_content_v1_ComparisonField, ComparisonField__Output as _rcr_content_v1_ComparisonField__Output } from './rcr/content/v1/ComparisonField.ts';
import type { ContentItem as _rcr_content_v1_ContentItem, ContentItem__Output as _rcr_content_v1_ContentItem__Output } from './rcr/content/v1/ContentItem.ts';
import type { ContentJson as _rcr_content_v1_ContentJson, ContentJson__Output as _rcr_content_v1_ContentJson__Output } from './rcr/content/v1/ContentJson.ts';
import type { ContentJsonList as _rcr_content_v1_ContentJsonList, ContentJsonList__Output as _rcr_content_v1_ContentJsonList__Output } from './rcr/content/v1/ContentJsonList.ts';
import type { ContentList as _rcr_content_v1_ContentList, ContentList__Output as _rcr_content_v1_ContentList__Output } from './rcr/content/v1/ContentList.ts';
import type { ContentServiceClient as _rcr_content_v1_ContentServiceClient, ContentServiceDefinition as _rcr_content_v1_ContentServiceDefinition } from './rcr/content/v1/ContentService.ts';
import type { ListCamerasRequest as _rcr_content_v1_ListCamerasRequest, ListCamerasRequest__Output as _rcr_content_v1_ListCamerasRequest__Output } from './rcr/content/v1/ListCamerasRequest.ts';
import type { ListContentRequest as _rcr_content_v1_ListContentRequest, ListContentRequest__Output as _rcr_content_v1_ListContentRequest__Output } from './rcr/content/v1/ListContentRequest.ts';
import type { SlugRef as _rcr_content_v1_SlugRef, SlugRef__Output as _rcr_content_v1_SlugRef__Output } from './rcr/content/v1/SlugRef.ts';
import type { StreetPrice as _rcr_content_v1_StreetPrice, StreetPrice__Output as _rcr_content_v1_StreetPrice__Output } from './rcr/content/v1/StreetPrice.ts';
import type { Watermark as _rcr_content_v1_Watermark, Watermark__Output as _rcr_content_v1_Watermark__Output } from './rcr/content/v1/Watermark.ts';
import type { Camera as _rcr_reviews_v1_Camera, Camera__Output as _rcr_reviews_v1_Camera__Output } from './rcr/reviews/v1/Camera.ts';
import type { CameraInput as _rcr_reviews_v1_CameraInput, CameraInput__Output as _rcr_reviews_v1_CameraInput__Output } from './rcr/reviews/v1/CameraInput.ts';
import type { CameraSpecs as _rcr_reviews_v1_CameraSpecs, CameraSpecs__Output as _rcr_reviews_v1_CameraSpecs__Output } from './rcr/reviews/v1/CameraSpecs.ts';
import type { DeleteRequest as _rcr_reviews_v1_DeleteRequest, DeleteRequest__Output as _rcr_reviews_v1_DeleteRequest__Output } from './rcr/reviews/v1/DeleteRequest.ts';
import type { Empty as _rcr_reviews_v1_Empty, Empty__Output as _rcr_reviews_v1_Empty__Output } from './rcr/reviews/v1/Empty.ts';
import type { ListReviewsRequest as _rcr_reviews_v1_ListReviewsRequest, ListReviewsRequest__Output as _rcr_reviews_v1_ListReviewsRequest__Output } from './rcr/reviews/v1/ListReviewsRequest.ts';
import type { PutCameraReply as _rcr_reviews_v1_PutCameraReply, PutCameraReply__Output as _rcr_reviews_v1_PutCameraReply__Output } from './rcr/reviews/v1/PutCameraReply.ts';
import type { PutCameraRequest as _rcr_reviews_v1_PutCameraRequest, PutCameraRequest__Output as _rcr_reviews_v1_PutCameraRequest__Output } from './rcr/reviews/v1/PutCameraRequest.ts';
import type { Reconciliation as _rcr_reviews_v1_Reconciliation, Reconciliation__Output as _rcr_reviews_v1_Reconciliation__Output } from './rcr/reviews/v1/Reconciliation.ts';
import type { Ref as _rcr_reviews_v1_Ref, Ref__Output as _rcr_reviews_v1_Ref__Output } from './rcr/reviews/v1/Ref.ts';
import type { Repair as _rcr_reviews_v1_Repair, Repair__Output as _rcr_reviews_v1_Repair__Output } from './rcr/reviews/v1/Repair.ts';
import type { Review as _rcr_reviews_v1_Review, Review__Output as _rcr_reviews_v1_Review__Output } from './rcr/reviews/v1/Review.ts';
import type { ReviewInput as _rcr_reviews_v1_ReviewInput, ReviewInput__Output as _rcr_reviews_v1_ReviewInput__Output } from './rcr/reviews/v1/ReviewInput.ts';
import type { ReviewList as _rcr_reviews_v1_ReviewList, ReviewList__Output as _rcr_reviews_v1_ReviewList__Output } from './rcr/reviews/v1/ReviewList.ts';
import type { ReviewsServiceClient as _rcr_reviews_v1_ReviewsServiceClient, ReviewsServiceDefinition as _rcr_reviews_v1_ReviewsServiceDefinition } from './rcr/reviews/v1/ReviewsService.ts';
import type { UpdateCameraRequest as _rcr_reviews_v1_UpdateCameraRequest, UpdateCameraRequest__Output as _rcr_reviews_v1_UpdateCameraRequest__Output } from './rcr/reviews/v1/UpdateCameraRequest.ts';
import type { UpdateReviewRequest as _rcr_reviews_v1_UpdateReviewRequest, UpdateReviewRequest__Output as _rcr_reviews_v1_UpdateReviewRequest__Output } from './rcr/reviews/v1/UpdateReviewRequest.ts';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  rcr: {
    content: {
      v1: {
        AwaitVersionsReply: MessageTypeDefinition<_rcr_content_v1_AwaitVersionsReply, _rcr_content_v1_AwaitVersionsReply__Output>
        AwaitVersionsRequest: MessageTypeDefinition<_rcr_content_v1_AwaitVersionsRequest, _rcr_content_v1_AwaitVersionsRequest__Output>
        CameraRef: MessageTypeDefinition<_rcr_content_v1_CameraRef, _rcr_content_v1_CameraRef__Output>
        CameraRefs: MessageTypeDefinition<_rcr_content_v1_CameraRefs, _rcr_content_v1_CameraRefs__Output>
        CameraSummary: MessageTypeDefinition<_rcr_content_v1_CameraSummary, _rcr_content_v1_CameraSummary__Output>
        CameraSummaryList: MessageTypeDefinition<_rcr_content_v1_CameraSummaryList, _rcr_content_v1_CameraSummaryList__Output>
        CompareRequest: MessageTypeDefinition<_rcr_content_v1_CompareRequest, _rcr_content_v1_CompareRequest__Output>
        ComparedCamera: MessageTypeDefinition<_rcr_content_v1_ComparedCamera, _rcr_content_v1_ComparedCamera__Output>
        ComparedValue: MessageTypeDefinition<_rcr_content_v1_ComparedValue, _rcr_content_v1_ComparedValue__Output>
        Comparison: MessageTypeDefinition<_rcr_content_v1_Comparison, _rcr_content_v1_Comparison__Output>
        ComparisonField: MessageTypeDefinition<_rcr_content_v1_ComparisonField, _rcr_content_v1_ComparisonField__Output>
        ContentItem: MessageTypeDefinition<_rcr_content_v1_ContentItem, _rcr_content_v1_ContentItem__Output>
        ContentJson: MessageTypeDefinition<_rcr_content_v1_ContentJson, _rcr_content_v1_ContentJson__Output>
        ContentJsonList: MessageTypeDefinition<_rcr_content_v1_ContentJsonList, _rcr_content_v1_ContentJsonList__Output>
        ContentList: MessageTypeDefinition<_rcr_content_v1_ContentList, _rcr_content_v1_ContentList__Output>
        /**
         * The public read side: a read model built only from events.
         */
        ContentService: SubtypeConstructor<typeof grpc.Client, _rcr_content_v1_ContentServiceClient> & { service: _rcr_content_v1_ContentServiceDefinition }
        ListCamerasRequest: MessageTypeDefinition<_rcr_content_v1_ListCamerasRequest, _rcr_content_v1_ListCamerasRequest__Output>
        ListContentRequest: MessageTypeDefinition<_rcr_content_v1_ListContentRequest, _rcr_content_v1_ListContentRequest__Output>
        SlugRef: MessageTypeDefinition<_rcr_content_v1_SlugRef, _rcr_content_v1_SlugRef__Output>
        StreetPrice: MessageTypeDefinition<_rcr_content_v1_StreetPrice, _rcr_content_v1_StreetPrice__Output>
        Watermark: MessageTypeDefinition<_rcr_content_v1_Watermark, _rcr_content_v1_Watermark__Output>
      }
    }
    reviews: {
      v1: {
        Camera: MessageTypeDefinition<_rcr_reviews_v1_Camera, _rcr_reviews_v1_Camera__Output>
        CameraInput: MessageTypeDefinition<_rcr_reviews_v1_CameraInput, _rcr_reviews_v1_CameraInput__Output>
        CameraSpecs: MessageTypeDefinition<_rcr_reviews_v1_CameraSpecs, _rcr_reviews_v1_CameraSpecs__Output>
        DeleteRequest: MessageTypeDefinition<_rcr_reviews_v1_DeleteRequest, _rcr_reviews_v1_DeleteRequest__Output>
        Empty: MessageTypeDefinition<_rcr_reviews_v1_Empty, _rcr_reviews_v1_Empty__Output>
        ListReviewsRequest: MessageTypeDefinition<_rcr_reviews_v1_ListReviewsRequest, _rcr_reviews_v1_ListReviewsRequest__Output>
        PutCameraReply: MessageTypeDefinition<_rcr_reviews_v1_PutCameraReply, _rcr_reviews_v1_PutCameraReply__Output>
        PutCameraRequest: MessageTypeDefinition<_rcr_reviews_v1_PutCameraRequest, _rcr_reviews_v1_PutCameraRequest__Output>
        Reconciliation: MessageTypeDefinition<_rcr_reviews_v1_Reconciliation, _rcr_reviews_v1_Reconciliation__Output>
        Ref: MessageTypeDefinition<_rcr_reviews_v1_Ref, _rcr_reviews_v1_Ref__Output>
        Repair: MessageTypeDefinition<_rcr_reviews_v1_Repair, _rcr_reviews_v1_Repair__Output>
        Review: MessageTypeDefinition<_rcr_reviews_v1_Review, _rcr_reviews_v1_Review__Output>
        ReviewInput: MessageTypeDefinition<_rcr_reviews_v1_ReviewInput, _rcr_reviews_v1_ReviewInput__Output>
        ReviewList: MessageTypeDefinition<_rcr_reviews_v1_ReviewList, _rcr_reviews_v1_ReviewList__Output>
        /**
         * The write side for cameras and reviews. Every call carries the gateway's signed internal token
         * (metadata `authorization: Bearer …`, see packages/platform/src/internal-auth.ts) naming the actor.
         */
        ReviewsService: SubtypeConstructor<typeof grpc.Client, _rcr_reviews_v1_ReviewsServiceClient> & { service: _rcr_reviews_v1_ReviewsServiceDefinition }
        UpdateCameraRequest: MessageTypeDefinition<_rcr_reviews_v1_UpdateCameraRequest, _rcr_reviews_v1_UpdateCameraRequest__Output>
        UpdateReviewRequest: MessageTypeDefinition<_rcr_reviews_v1_UpdateReviewRequest, _rcr_reviews_v1_UpdateReviewRequest__Output>
      }
    }
  }
}

