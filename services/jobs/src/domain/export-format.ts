import type { ExportFormat } from '@rcr/contracts';
import type { ExportedReview } from '../store/review-projection.ts';
import { csvRecord } from './csv.ts';

/** How one export format is written: file extension, content type, head and one review. */
export interface ExportWriter {
  extension: string;
  contentType: string;
  head: string;
  review(review: ExportedReview): string;
}

export const COLUMNS = [
  'id',
  'slug',
  'title',
  'cameraId',
  'brand',
  'model',
  'authorId',
  'rating',
  'verdict',
  'pros',
  'cons',
  'language',
  'publishedAt',
  'updatedAt',
  'body',
] as const;

/** A review as one export record: the same fields, in the same order, in every format. */
export function recordOf(review: ExportedReview) {
  return {
    id: review.reviewId,
    slug: review.slug,
    title: review.title,
    cameraId: review.cameraId,
    brand: review.brand,
    model: review.model,
    authorId: review.authorId,
    rating: Number(review.rating),
    verdict: review.verdict,
    pros: review.pros,
    cons: review.cons,
    language: review.language,
    publishedAt: review.publishedAt,
    updatedAt: review.updatedAt,
    body: review.body,
  };
}

/** A review's cells in a CSV row, in COLUMNS order (pros and cons joined by " | "). */
export function csvCellsOf(review: ExportedReview): (string | number | null)[] {
  const record = recordOf(review);
  return COLUMNS.map((column) => {
    const value = record[column];
    return Array.isArray(value) ? value.join(' | ') : value;
  });
}

/**
 * The writers of the text formats (the zip is written by zip-export.ts): CSV (a header row, then one record a review; pros and cons joined by " | "; see csv.ts for
 * quoting and formula safety) and JSON as NDJSON (one JSON object a line, so a file of any size can be
 * read a line at a time).
 */
export const EXPORT_WRITERS: Record<Exclude<ExportFormat, 'zip'>, ExportWriter> = {
  csv: {
    extension: 'csv',
    contentType: 'text/csv; charset=utf-8; header=present',
    head: csvRecord(COLUMNS),
    review: (review) => csvRecord(csvCellsOf(review)),
  },
  json: {
    extension: 'ndjson',
    contentType: 'application/x-ndjson',
    head: '',
    review: (review) => `${JSON.stringify(recordOf(review))}\n`,
  },
};
