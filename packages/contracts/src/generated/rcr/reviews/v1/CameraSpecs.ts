// Original file: proto/reviews.proto


export interface CameraSpecs {
  'sensorSize'?: (string);
  'megapixels'?: (number | string);
  'isoMin'?: (number);
  'isoMax'?: (number);
  'weightGrams'?: (number | string);
  'priceUsd'?: (number | string);
  'mount'?: (string);
  'releasedOn'?: (string);
  '_sensorSize'?: "sensorSize";
  '_megapixels'?: "megapixels";
  '_isoMin'?: "isoMin";
  '_isoMax'?: "isoMax";
  '_weightGrams'?: "weightGrams";
  '_priceUsd'?: "priceUsd";
  '_mount'?: "mount";
  '_releasedOn'?: "releasedOn";
}

export interface CameraSpecs__Output {
  'sensorSize'?: (string);
  'megapixels'?: (number);
  'isoMin'?: (number);
  'isoMax'?: (number);
  'weightGrams'?: (number);
  'priceUsd'?: (number);
  'mount'?: (string);
  'releasedOn'?: (string);
  '_sensorSize'?: "sensorSize";
  '_megapixels'?: "megapixels";
  '_isoMin'?: "isoMin";
  '_isoMax'?: "isoMax";
  '_weightGrams'?: "weightGrams";
  '_priceUsd'?: "priceUsd";
  '_mount'?: "mount";
  '_releasedOn'?: "releasedOn";
}
