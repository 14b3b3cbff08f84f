// Original file: proto/partner.proto


export interface CameraSpecs {
  /**
   * "full-frame", "aps-c", "micro-four-thirds", … or "<w>x<h>mm".
   */
  'sensorSize'?: (string);
  'megapixels'?: (number | string);
  'isoMin'?: (number);
  'isoMax'?: (number);
  'weightGrams'?: (number | string);
  'priceUsd'?: (number | string);
  'mount'?: (string);
  /**
   * ISO 8601 date.
   */
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
  /**
   * "full-frame", "aps-c", "micro-four-thirds", … or "<w>x<h>mm".
   */
  'sensorSize'?: (string);
  'megapixels'?: (number);
  'isoMin'?: (number);
  'isoMax'?: (number);
  'weightGrams'?: (number);
  'priceUsd'?: (number);
  'mount'?: (string);
  /**
   * ISO 8601 date.
   */
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
