import type { CameraSpecs, ReviewsV1 } from '@rcr/contracts';
import { errors, type Actor, type CallContext, type UnaryHandlers, idempotentWrite } from '@rcr/platform';
import type { Camera, CameraFields } from '../domain/camera-rules.ts';
import type { ReviewsDeps } from '../domain/deps.ts';
import { listReviews } from '../domain/list-reviews.ts';
import { startReconciliation } from '../domain/reconcile-read-model.ts';
import { findReconciliation, type Reconciliation } from '../store/reconciliation-repository.ts';
import { createCamera, deleteCamera, putCamera, updateCamera } from '../domain/manage-cameras.ts';
import { canRead, type Review } from '../domain/review-rules.ts';
import { changeReviewStatus, createReview, deleteReview, updateReview } from '../domain/write-reviews.ts';
import { findReview } from '../store/review-repository.ts';

/** Every rpc of ReviewsService needs an authenticated editor or admin. */
function actorOf(ctx: CallContext): Actor {
  if (!ctx.actor) throw errors.unauthenticated('UNAUTHENTICATED', 'sign in as an editor');
  return ctx.actor;
}

/** Proto specs carry virtual `_field` oneof markers and may be absent: keep only set fields. */
function specsFrom(specs: ReviewsV1.CameraSpecs__Output | null | undefined): CameraSpecs {
  if (!specs) return {};
  return Object.fromEntries(
    Object.entries(specs).filter(
      ([key, value]) => !key.startsWith('_') && value !== undefined && value !== null,
    ),
  ) as CameraSpecs;
}

const cameraMessage = (c: Camera): ReviewsV1.Camera => ({ ...c, specs: c.specs });

const reviewMessage = (r: Review): ReviewsV1.Review => ({ ...r, publishedAt: r.publishedAt ?? undefined });

const reconciliationMessage = (run: Reconciliation): ReviewsV1.Reconciliation => ({
  ...run,
  finishedAt: run.finishedAt ?? undefined,
});

/** gRPC adapters: translate messages, call the use case, translate back. No rules here. */
export function reviewsHandlers(deps: ReviewsDeps): UnaryHandlers<ReviewsV1.ReviewsServiceHandlers> {
  return {
    async CreateCamera(req, ctx) {
      actorOf(ctx);
      const camera = await createCamera(
        deps,
        {
          brand: req.brand,
          model: req.model,
          type: req.type,
          specs: specsFrom(req.specs),
        },
        idempotentWrite(ctx, 'CreateCamera'),
      );
      return cameraMessage(camera);
    },
    async UpdateCamera(req, ctx) {
      actorOf(ctx);
      const changes: Partial<CameraFields> = {
        ...(req.brand !== undefined ? { brand: req.brand } : {}),
        ...(req.model !== undefined ? { model: req.model } : {}),
        ...(req.type !== undefined ? { type: req.type as CameraFields['type'] } : {}),
        ...(req.specs ? { specs: specsFrom(req.specs) } : {}),
      };
      const camera = await updateCamera(deps, req.id, changes, {
        replaceSpecs: req.replaceSpecs,
        expectedVersion: req.expectedVersion,
      });
      return cameraMessage(camera);
    },
    async PutCamera(req, ctx) {
      actorOf(ctx);
      const { camera, created } = await putCamera(
        deps,
        { id: req.id, brand: req.brand, model: req.model, type: req.type, specs: specsFrom(req.specs) },
        req.expectedVersion,
      );
      return { camera: cameraMessage(camera), created };
    },
    async DeleteCamera(req, ctx) {
      actorOf(ctx);
      await deleteCamera(deps, req.id, req.expectedVersion);
      return {};
    },
    async CreateReview(req, ctx) {
      const review = await createReview(
        deps,
        actorOf(ctx),
        {
          cameraId: req.cameraId,
          title: req.title,
          body: req.body,
          rating: req.rating,
          pros: req.pros,
          cons: req.cons,
          verdict: req.verdict,
          language: req.language,
        },
        idempotentWrite(ctx, 'CreateReview'),
      );
      return reviewMessage(review);
    },
    async GetReview(req, ctx) {
      const actor = actorOf(ctx);
      const review = await findReview(deps.db, req.id);
      if (!review || !canRead(actor, review)) throw errors.notFound('REVIEW_NOT_FOUND', 'review not found');
      return reviewMessage(review);
    },
    async ListReviews(req, ctx) {
      const { items, total, nextCursor } = await listReviews(deps, actorOf(ctx), {
        status: req.status,
        cameraId: req.cameraId,
        mineOnly: req.mineOnly,
        sort: req.sort,
        cursor: req.cursor,
        page: req.page,
        limit: req.limit,
      });
      return { items: items.map(reviewMessage), total, nextCursor };
    },
    async UpdateReview(req, ctx) {
      const review = await updateReview(
        deps,
        actorOf(ctx),
        req.id,
        {
          cameraId: req.cameraId,
          title: req.title,
          body: req.body,
          rating: req.rating,
          verdict: req.verdict,
          language: req.language,
          ...(req.setPros ? { pros: req.pros } : {}),
          ...(req.setCons ? { cons: req.cons } : {}),
        },
        req.expectedVersion,
      );
      return reviewMessage(review);
    },
    async DeleteReview(req, ctx) {
      await deleteReview(deps, actorOf(ctx), req.id, req.expectedVersion);
      return {};
    },
    async PublishReview(req, ctx) {
      return reviewMessage(await changeReviewStatus(deps, actorOf(ctx), req.id, 'publish'));
    },
    async UnpublishReview(req, ctx) {
      return reviewMessage(await changeReviewStatus(deps, actorOf(ctx), req.id, 'unpublish'));
    },
    async StartReconciliation(_req, ctx) {
      const run = await startReconciliation(deps, actorOf(ctx));
      if (!run) throw errors.conflict('RECONCILIATION_SKIPPED', 'a reconciliation is already running');
      return reconciliationMessage(run);
    },
    async GetReconciliation(req, ctx) {
      const actor = actorOf(ctx);
      if (actor.role !== 'admin')
        throw errors.forbidden('ADMIN_ONLY', 'only administrators may see reconciliations');
      const run = await findReconciliation(deps.db, req.id);
      if (!run) throw errors.notFound('RECONCILIATION_NOT_FOUND', 'no reconciliation has this id');
      return reconciliationMessage(run);
    },
  };
}
