import * as grpc from '@grpc/grpc-js';
import { protos, type PartnerV1 } from '@rcr/contracts';

/** Credentials of a partner call: an API key (x-api-key), or a bearer value (API key or access token). */
export type PartnerCredentials = { apiKey?: string; bearer?: string };

/** Call metadata carrying the given credentials. */
export function credentials(given: PartnerCredentials = {}): grpc.Metadata {
  const metadata = new grpc.Metadata();
  if (given.apiKey) metadata.set('x-api-key', given.apiKey);
  if (given.bearer) metadata.set('authorization', `Bearer ${given.bearer}`);
  return metadata;
}

/** Call options with a deadline `ms` from now (10 s by default: a hung call fails the test, not the run). */
export function within(ms = 10_000): grpc.CallOptions {
  return { deadline: new Date(Date.now() + ms) };
}

/** The error a promise rejects with, as a gRPC status (fails when it resolves). */
export async function statusOf(promise: Promise<unknown>): Promise<grpc.ServiceError> {
  const outcome = await promise.then(
    (value) => ({ value }),
    (err: grpc.ServiceError) => ({ err }),
  );
  if ('value' in outcome) throw new Error(`expected an error status, got ${JSON.stringify(outcome.value)}`);
  return outcome.err;
}

type Unary = (
  request: object,
  metadata: grpc.Metadata,
  options: grpc.CallOptions,
  callback: (err: grpc.ServiceError | null, response?: unknown) => void,
) => grpc.ClientUnaryCall;

/** One unary call as a promise. */
function unary<Res>(
  client: grpc.Client,
  method: string,
  request: object,
  given: PartnerCredentials = {},
  options: grpc.CallOptions = within(),
): Promise<Res> {
  const fn = (client as unknown as Record<string, Unary>)[method] as Unary;
  return new Promise<Res>((resolve, reject) =>
    fn.call(client, request, credentials(given), options, (err, response) =>
      err ? reject(err) : resolve(response as Res),
    ),
  );
}

/** A @grpc/grpc-js client of the partner API, each unary call as a promise. */
export class PartnerClient {
  readonly content: PartnerV1.ContentServiceClient;
  readonly cameras: PartnerV1.CameraServiceClient;

  constructor(address: string) {
    this.content = new protos.partner.ContentService(address, grpc.credentials.createInsecure());
    this.cameras = new protos.partner.CameraService(address, grpc.credentials.createInsecure());
  }

  listContent(request: PartnerV1.ListContentRequest, given?: PartnerCredentials, options?: grpc.CallOptions) {
    return unary<PartnerV1.ListContentResponse__Output>(this.content, 'listContent', request, given, options);
  }

  getReview(request: PartnerV1.GetReviewRequest, given?: PartnerCredentials, options?: grpc.CallOptions) {
    return unary<PartnerV1.Review__Output>(this.content, 'getReview', request, given, options);
  }

  compareCameras(
    request: PartnerV1.CompareCamerasRequest,
    given?: PartnerCredentials,
    options?: grpc.CallOptions,
  ) {
    return unary<PartnerV1.Comparison__Output>(this.content, 'compareCameras', request, given, options);
  }

  /** Streams `specs` to ImportCameras and resolves with the summary. */
  importCameras(
    specs: PartnerV1.CameraSpec[],
    given: PartnerCredentials,
    options: grpc.CallOptions = within(),
  ): Promise<PartnerV1.ImportCamerasSummary__Output> {
    return new Promise((resolve, reject) => {
      const call = this.cameras.importCameras(credentials(given), options, (err, summary) =>
        err ? reject(err) : resolve(summary as PartnerV1.ImportCamerasSummary__Output),
      );
      for (const spec of specs) call.write(spec);
      call.end();
    });
  }

  close(): void {
    this.content.close();
    this.cameras.close();
  }
}

/** An open WatchReviews stream, collecting what arrives. */
export class ReviewWatch {
  readonly events: PartnerV1.ReviewEvent__Output[] = [];
  error: grpc.ServiceError | undefined;
  readonly call: grpc.ClientReadableStream<PartnerV1.ReviewEvent__Output>;
  /** Resolves once the server sent its headers (the stream is registered). */
  readonly opened: Promise<void>;

  constructor(client: PartnerClient, request: PartnerV1.WatchReviewsRequest, given: PartnerCredentials) {
    this.call = client.content.watchReviews(request, credentials(given));
    this.call.on('data', (event: PartnerV1.ReviewEvent__Output) => this.events.push(event));
    this.call.on('error', (err: grpc.ServiceError) => (this.error = err));
    this.opened = new Promise((resolve, reject) => {
      this.call.once('metadata', () => resolve());
      this.call.once('error', reject);
    });
    // A stream refused at once rejects `opened`; the test reads `error` instead.
    this.opened.catch(() => undefined);
  }

  /** Review ids of the review events received, in order. */
  get reviewIds(): string[] {
    return this.events.flatMap((e) => (e.review ? [e.review.reviewId] : []));
  }

  close(): void {
    this.call.cancel();
  }
}
