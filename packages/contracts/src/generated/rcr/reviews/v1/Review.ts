// Original file: proto/reviews.proto


export interface Review {
  'id'?: (string);
  'slug'?: (string);
  'cameraId'?: (string);
  'authorId'?: (string);
  'title'?: (string);
  'body'?: (string);
  'rating'?: (number | string);
  'pros'?: (string)[];
  'cons'?: (string)[];
  'verdict'?: (string);
  'language'?: (string);
  'status'?: (string);
  'publishedAt'?: (string);
  'createdAt'?: (string);
  'updatedAt'?: (string);
  'version'?: (number);
  '_publishedAt'?: "publishedAt";
}

export interface Review__Output {
  'id': (string);
  'slug': (string);
  'cameraId': (string);
  'authorId': (string);
  'title': (string);
  'body': (string);
  'rating': (number);
  'pros': (string)[];
  'cons': (string)[];
  'verdict': (string);
  'language': (string);
  'status': (string);
  'publishedAt'?: (string);
  'createdAt': (string);
  'updatedAt': (string);
  'version': (number);
  '_publishedAt'?: "publishedAt";
}
