import {
  signedFileHandlers,
  signedFileUrl,
  MAX_LINK_TTL_SECONDS,
  type CallContext,
  type UnaryHandlers,
} from '@rcr/platform';
import type { MediaV1 } from '@rcr/contracts';
import type { Caller, MediaDeps } from '../domain/deps.ts';
import { listImages, removeImage } from '../domain/manage-images.ts';
import { uploadImage } from '../domain/upload-image.ts';
import type { ImageRecord, StoredRendition } from '../store/image-repository.ts';

function callerOf(ctx: CallContext): Caller {
  return { actor: ctx.actor, traceparent: ctx.traceparent };
}

/**
 * How long to sign a link for: at least `ttlSeconds`, up to the end of the aligned period after that,
 * so every read in one period gets the same URL — a browser or CDN keeps one cached copy, not one per read.
 */
export function alignedTtl(ttlSeconds: number, now = Date.now()): number {
  const step = Math.max(1, Math.floor(ttlSeconds / 2));
  const nowSeconds = Math.floor(now / 1000);
  const expires = Math.ceil((nowSeconds + ttlSeconds) / step) * step;
  return Math.min(expires - nowSeconds, MAX_LINK_TTL_SECONDS);
}

function renditionMessage(deps: MediaDeps, rendition: StoredRendition | undefined) {
  if (!rendition) return {};
  const ttl = alignedTtl(deps.settings.linkTtlMs / 1000);
  return {
    url: signedFileUrl(deps.links, rendition.key, ttl).url,
    width: rendition.width,
    height: rendition.height,
    contentType: rendition.contentType,
  };
}

/** An image as the gateway shows it; a ready one carries fresh signed links to its renditions. */
function imageMessage(deps: MediaDeps, image: ImageRecord): MediaV1.Image {
  const find = (name: StoredRendition['name']) =>
    image.status === 'ready' ? image.renditions?.find((r) => r.name === name) : undefined;
  const display = find('display');
  const thumbnail = find('thumbnail');
  return {
    id: image.id,
    reviewId: image.reviewId,
    status: image.status,
    contentType: image.contentType,
    width: image.width,
    height: image.height,
    bytes: image.bytes,
    ...(display ? { display: renditionMessage(deps, display) } : {}),
    ...(thumbnail ? { thumbnail: renditionMessage(deps, thumbnail) } : {}),
    uploaderId: image.uploaderId,
    createdAt: image.createdAt,
    ...(image.status === 'failed' && image.error ? { error: image.error } : {}),
  };
}

/** The MediaService rpcs: each maps its messages to a use case and the result back, nothing more. */
export function mediaHandlers(deps: MediaDeps): UnaryHandlers<MediaV1.MediaServiceHandlers> {
  return {
    UploadImage: async (messages, ctx) =>
      imageMessage(deps, await uploadImage(deps, callerOf(ctx), messages)),
    ListImages: async (request, ctx) => ({
      items: (await listImages(deps, callerOf(ctx), request.reviewId)).map((image) =>
        imageMessage(deps, image),
      ),
    }),
    DeleteImage: async (request, ctx) => {
      await removeImage(deps, callerOf(ctx), request.reviewId, request.id);
      return { deleted: true };
    },
    // Only the public renditions (images/…) are served; originals never are, whatever the link.
    ...signedFileHandlers({
      links: deps.links,
      bucket: deps.bucket,
      serves: (key) => key.startsWith('images/'),
      immutable: true,
    }),
  };
}
