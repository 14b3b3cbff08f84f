import { CAMERA_TYPES } from '@rcr/contracts';

/** A camera type as a GraphQL enum value (`medium-format` → `medium_format`). */
export const enumName = (value: string) => value.replace(/-/g, '_');

/**
 * The GraphQL schema (SDL). Resolvers are in resolvers.ts; `docs/schema.graphql` is printed from the built
 * schema by `npm run docs` and a test fails when it is stale.
 */
export const typeDefs = /* GraphQL */ `
  """
  rcr over GraphQL: the public content (published reviews, cameras, comparisons) and the editors' writes.
  Mutations need \`Authorization: Bearer <access token>\` and are authorised exactly as the REST API;
  errors carry \`extensions.code\` (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND, BAD_USER_INPUT, CONFLICT, ...),
  \`extensions.reason\` (the REST problem code), \`extensions.status\` (the REST status) and
  \`extensions.type\` (the problem type URI).
  """
  schema {
    query: Query
    mutation: Mutation
    subscription: Subscription
  }

  type Query {
    "Published reviews: full-text search with \`q\`, filters, sort; a Relay connection."
    content(
      "Full-text search over title, body, camera and verdict (ranked)."
      q: String
      "Camera id."
      camera: ID
      "Camera brand, case-insensitive."
      brand: String
      "Author (editor) id."
      editor: ID
      minRating: Float
      "ISO 8601 date or date-time."
      publishedAfter: String
      "Fields publishedAt, updatedAt, rating, title, relevance (with q); prefix - for descending."
      sort: [String!]
      "Page size 1–100 (default 20)."
      first: Int = 20
      after: String
    ): ReviewConnection!
    "One review: by slug (published, public) or by id (its author or an admin, drafts included). Null when there is none."
    review(slug: String, id: ID): Review
    "One camera with its score; null when unknown."
    camera(id: ID!): Camera
    "Cameras with their scores."
    cameras(
      brand: String
      type: CameraType
      "Matches brand and model."
      q: String
      "Fields brand, model, averageRating, reviewCount; prefix - for descending."
      sort: [String!]
      first: Int = 20
      after: String
    ): CameraConnection!
    "Side-by-side comparison of 2–4 cameras."
    comparison(ids: [ID!]!): Comparison!
    "An editor account: admins, or the editor themself."
    editor(id: ID!): Editor
    "Reviews of the caller (admins: all), drafts included."
    myReviews(status: ReviewStatus, camera: ID, first: Int = 20, after: String): ReviewConnection!
  }

  type Mutation {
    "Editors: a new review, created as a draft owned by the caller."
    createReview(input: ReviewInput!): Review!
    "The author or an admin. \`expectedVersion\` fails with PRECONDITION_FAILED when stale."
    updateReview(id: ID!, input: ReviewPatch!, expectedVersion: Int): Review!
    "The author or an admin; publishing a published review changes nothing."
    publishReview(id: ID!): Review!
    "Back to draft; removed from the public content."
    unpublishReview(id: ID!): Review!
    "The author or an admin; answers the deleted review's id."
    deleteReview(id: ID!, expectedVersion: Int): ID!
    "Editors: a new camera; its id comes from brand and model (CONFLICT when it exists)."
    createCamera(input: CameraInput!): Camera!
    "Editors: given specs are merged into the current ones."
    updateCamera(id: ID!, input: CameraPatch!, expectedVersion: Int): Camera!
    "Editors: CONFLICT while reviews refer to it; answers the removed camera's id."
    deleteCamera(id: ID!, expectedVersion: Int): ID!
  }

  type Subscription {
    "A review was published (of one camera when \`cameraId\` is given)."
    reviewPublished(cameraId: ID): ReviewPublished!
  }

  enum ReviewStatus {
    DRAFT
    PUBLISHED
  }

  enum CameraType {
    ${CAMERA_TYPES.map(enumName).join('\n    ')}
  }

  enum Role {
    admin
    editor
  }

  type Review {
    id: ID!
    slug: String!
    title: String!
    body: String!
    rating: Float!
    pros: [String!]!
    cons: [String!]!
    verdict: String!
    language: String!
    status: ReviewStatus!
    publishedAt: String
    updatedAt: String!
    "Only on reviews read by id (the write side)."
    createdAt: String
    "Only on reviews read by id (the write side): the version for \`expectedVersion\`."
    version: Int
    camera: Camera!
    author: Editor!
    "Ready images, oldest first (published reviews from the read model; null when read by id from the write side)."
    images: [ReviewImage!]
  }

  "A ready review image: stable paths that answer 302 to a signed link of the rendition."
  type ReviewImage {
    id: ID!
    "Of the display rendition (WebP, at most 1600 px)."
    width: Int!
    height: Int!
    url: String!
    thumbnail: ImageRendition!
  }

  type ImageRendition {
    url: String!
    width: Int!
    height: Int!
  }

  type ReviewEdge {
    cursor: String!
    node: Review!
  }

  type ReviewConnection {
    edges: [ReviewEdge!]!
    pageInfo: PageInfo!
    "Size of the whole filtered set (a lower bound when searching large sets)."
    totalCount: Int!
  }

  type PageInfo {
    hasNextPage: Boolean!
    endCursor: String
  }

  type CameraSpecs {
    sensorSize: String
    megapixels: Float
    isoMin: Int
    isoMax: Int
    weightGrams: Float
    priceUsd: Float
    mount: String
    releasedOn: String
  }

  type Camera {
    id: ID!
    "Brand and model."
    name: String!
    brand: String!
    model: String!
    type: CameraType!
    specs: CameraSpecs!
    "Average rating of its published reviews; null without any."
    averageRating: Float
    reviewCount: Int!
    version: Int!
    "The latest price each retailer reported, by currency (code order), cheapest first; currencies are not converted."
    streetPrices: [StreetPrice!]!
    "The cheapest street price in each currency, in currency order."
    lowestPrices: [StreetPrice!]!
    "Its published reviews, newest first."
    reviews(first: Int = 20, after: String): ReviewConnection!
  }

  "A retailer's street price, as the latest report of the partner price feed gave it."
  type StreetPrice {
    retailer: String!
    "In the currency's major unit."
    price: Float!
    "ISO 4217 code."
    currency: String!
    "The retailer's product page."
    url: String!
    "When the partner observed the price (ISO 8601)."
    observedAt: String!
  }

  type CameraEdge {
    cursor: String!
    node: Camera!
  }

  type CameraConnection {
    edges: [CameraEdge!]!
    pageInfo: PageInfo!
    totalCount: Int!
  }

  "An editor. \`id\` and \`name\` are public (authors of published reviews); the rest only for admins or the editor themself."
  type Editor {
    id: ID!
    name: String!
    email: String
    role: Role
    active: Boolean
    createdAt: String
    updatedAt: String
    version: Int
  }

  type Comparison {
    cameras: [Camera!]!
    fields: [ComparisonField!]!
  }

  type ComparisonField {
    "sensorArea, cropFactor, megapixels, isoMin, isoMax, isoRange, weight, price, streetPrice (one row per currency), averageRating, ..."
    field: String!
    "e.g. mm², MP, g, USD; a streetPrice row's currency."
    unit: String!
    "higher, lower or none"
    better: String!
    values: [ComparedValue!]!
    "The camera(s) with the best value; empty when undecidable."
    bestCameraIds: [ID!]!
  }

  type ComparedValue {
    cameraId: ID!
    value: Float
    display: String
  }

  type ReviewPublished {
    "The event's position in the event log (as the SSE \`id\`)."
    position: String!
    reviewId: ID!
    slug: String!
    cameraId: ID!
    title: String!
    rating: Float!
    publishedAt: String
    "The published review (read from the content)."
    review: Review
  }

  input ReviewInput {
    cameraId: ID!
    title: String!
    body: String!
    rating: Float!
    pros: [String!]
    cons: [String!]
    verdict: String!
    "ISO 639-1; default en."
    language: String
  }

  input ReviewPatch {
    cameraId: ID
    title: String
    body: String
    rating: Float
    pros: [String!]
    cons: [String!]
    verdict: String
    language: String
  }

  input CameraSpecsInput {
    sensorSize: String
    megapixels: Float
    isoMin: Int
    isoMax: Int
    weightGrams: Float
    priceUsd: Float
    mount: String
    releasedOn: String
  }

  input CameraInput {
    brand: String!
    model: String!
    type: CameraType!
    specs: CameraSpecsInput
  }

  input CameraPatch {
    brand: String
    model: String
    type: CameraType
    specs: CameraSpecsInput
  }
`;
