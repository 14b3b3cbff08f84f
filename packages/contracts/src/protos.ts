import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';
import type { ProtoGrpcType as IdentityProto } from './generated/identity.ts';
import type { ProtoGrpcType as ReviewsProto } from './generated/reviews.ts';
import type { ProtoGrpcType as ContentProto } from './generated/content.ts';
import type { ProtoGrpcType as PartnerProto } from './generated/partner.ts';
import type { ProtoGrpcType as JobsProto } from './generated/jobs.ts';
import type { ProtoGrpcType as WebhooksProto } from './generated/webhooks.ts';
import type { ProtoGrpcType as MediaProto } from './generated/media.ts';

/** Directory holding the .proto files (the gRPC contracts between the gateway and the services). */
export const PROTO_DIR = fileURLToPath(new URL('../proto/', import.meta.url));

/** proto-loader options; they match the ones the committed TypeScript types were generated with. */
export const PROTO_LOADER_OPTIONS: protoLoader.Options = {
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
  arrays: true,
  includeDirs: [PROTO_DIR],
};

function load<T>(file: string): T {
  const definition = protoLoader.loadSync(file, PROTO_LOADER_OPTIONS);
  return grpc.loadPackageDefinition(definition) as unknown as T;
}

/** The typed gRPC package objects, loaded once. */
export const protos = {
  identity: load<IdentityProto>('identity.proto').rcr.identity.v1,
  reviews: load<ReviewsProto>('reviews.proto').rcr.reviews.v1,
  content: load<ContentProto>('content.proto').rcr.content.v1,
  /** The public partner API the gateway serves (PARTNER_GRPC_PORT). */
  partner: load<PartnerProto>('partner.proto').rcr.partner.v1,
  jobs: load<JobsProto>('jobs.proto').rcr.jobs.v1,
  webhooks: load<WebhooksProto>('webhooks.proto').rcr.webhooks.v1,
  media: load<MediaProto>('media.proto').rcr.media.v1,
};

export type * as IdentityV1 from './generated/rcr/identity/v1/index.ts';
export type * as ReviewsV1 from './generated/rcr/reviews/v1/index.ts';
export type * as ContentV1 from './generated/rcr/content/v1/index.ts';
export type * as PartnerV1 from './generated/rcr/partner/v1/index.ts';
export type * as JobsV1 from './generated/rcr/jobs/v1/index.ts';
export type * as WebhooksV1 from './generated/rcr/webhooks/v1/index.ts';
export type * as MediaV1 from './generated/rcr/media/v1/index.ts';
