import { prepared, type Queryable } from '@rcr/platform';

/** What the media service knows about a review: whose it is, whether it is public, whether it is gone. */
export interface ReviewOwner {
  reviewId: string;
  authorId: string;
  version: number;
  published: boolean;
  deleted: boolean;
}

/** The review as projected, or undefined when never heard of. */
export async function findReview(q: Queryable, reviewId: string): Promise<ReviewOwner | undefined> {
  const [found] = await q.query<ReviewOwner>(
    prepared(`SELECT review_id AS "reviewId", author_id AS "authorId", version, published, deleted
     FROM media_reviews WHERE review_id = $1`),
    [reviewId],
  );
  return found;
}

/** Stores the review's state at `version` unless a newer (or the same) version is already there. */
export async function upsertReview(q: Queryable, review: ReviewOwner): Promise<boolean> {
  const written = await q.query(
    prepared(`INSERT INTO media_reviews (review_id, author_id, version, published, deleted)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (review_id) DO UPDATE SET author_id = EXCLUDED.author_id, version = EXCLUDED.version,
       published = EXCLUDED.published, deleted = EXCLUDED.deleted
     WHERE media_reviews.version < EXCLUDED.version
     RETURNING review_id`),
    [review.reviewId, review.authorId, review.version, review.published, review.deleted],
  );
  return written.length > 0;
}
