// Original file: proto/content.proto


export interface SlugRef {
  'slug'?: (string);
}

export interface SlugRef__Output {
  'slug': (string);
}
