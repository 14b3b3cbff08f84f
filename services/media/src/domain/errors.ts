import { errors, type AppError } from '@rcr/platform';

/** The media service's error catalog: every failure it reports, with its stable code. */
export const mediaErrors = {
  /** No caller identity on a call that needs one. */
  unauthenticated: (): AppError => errors.unauthenticated('UNAUTHENTICATED', 'authentication is required'),
  /** Input failed validation; `fields` says which and why. */
  validationFailed: (fields: { field: string; message: string }[]): AppError =>
    errors.invalid('VALIDATION_FAILED', 'the request is not valid', fields),
  /** The review is unknown to the service (never created, deleted, or not yet heard of). */
  reviewNotFound: (): AppError => errors.notFound('REVIEW_NOT_FOUND', 'review not found'),
  /** Only the review's author or an admin may change its images. */
  notOwner: (): AppError =>
    errors.forbidden('NOT_REVIEW_OWNER', "only the review's author or an admin may change its images"),
  /** No image with this id on this review. */
  imageNotFound: (): AppError => errors.notFound('IMAGE_NOT_FOUND', 'image not found'),
  /** The upload is larger than RCR_MEDIA_MAX_BYTES. */
  tooLarge: (maxBytes: number): AppError =>
    errors.tooLarge('IMAGE_TOO_LARGE', `the image is larger than the limit of ${maxBytes} bytes`),
  /** Its header announces more pixels than RCR_MEDIA_MAX_PIXELS (a decompression bomb, or just huge). */
  tooManyPixels: (width: number, height: number, maxPixels: number): AppError =>
    errors.tooLarge(
      'IMAGE_DIMENSIONS_TOO_LARGE',
      `the image is ${width}×${height} pixels; at most ${maxPixels} pixels are accepted`,
    ),
  /** Its bytes are not JPEG, PNG or WebP (an empty file included). */
  unsupportedType: (): AppError =>
    errors.unsupportedMediaType(
      'IMAGE_TYPE_UNSUPPORTED',
      'the file is not a JPEG, PNG or WebP image (judged by its bytes)',
    ),
  /** The declared Content-Type is another type than the bytes are. */
  typeMismatch: (declared: string, sniffed: string): AppError =>
    errors.unsupportedMediaType(
      'IMAGE_TYPE_MISMATCH',
      `the file was declared as ${JSON.stringify(declared.slice(0, 100))} but its bytes are ${sniffed}`,
    ),
  /** The bytes start like an image but are not one whole, readable image. */
  corrupt: (why: string): AppError =>
    errors.unsupportedMediaType('IMAGE_CORRUPT', `not a valid image: ${why}`),
};
