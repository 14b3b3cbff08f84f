// Original file: proto/media.proto


export interface Rendition {
  /**
   * Signed link: `/v1/files/images/<id>/<name>.webp?expires=…&signature=…`.
   */
  'url'?: (string);
  'width'?: (number);
  'height'?: (number);
  'contentType'?: (string);
}

export interface Rendition__Output {
  /**
   * Signed link: `/v1/files/images/<id>/<name>.webp?expires=…&signature=…`.
   */
  'url': (string);
  'width': (number);
  'height': (number);
  'contentType': (string);
}
