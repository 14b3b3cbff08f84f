// Original file: proto/content.proto


export interface ContentItem {
  'reviewId'?: (string);
  'slug'?: (string);
  'title'?: (string);
  'body'?: (string);
  'rating'?: (number | string);
  'pros'?: (string)[];
  'cons'?: (string)[];
  'verdict'?: (string);
  'language'?: (string);
  'publishedAt'?: (string);
  'updatedAt'?: (string);
  'cameraId'?: (string);
  'cameraName'?: (string);
  'authorId'?: (string);
  'authorName'?: (string);
}

export interface ContentItem__Output {
  'reviewId': (string);
  'slug': (string);
  'title': (string);
  'body': (string);
  'rating': (number);
  'pros': (string)[];
  'cons': (string)[];
  'verdict': (string);
  'language': (string);
  'publishedAt': (string);
  'updatedAt': (string);
  'cameraId': (string);
  'cameraName': (string);
  'authorId': (string);
  'authorName': (string);
}
