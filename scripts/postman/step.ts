/*
 * The vocabulary of the Postman scenario (scenario.ts). A step is one request of the collection, named by
 * the OpenAPI operation Portman generates it from, plus what the OpenAPI document cannot say: who sends it,
 * the values it sends, what it must answer and which variables it saves for later steps.
 */

/** Who sends a step's request: the bearer token it carries. Absent: no `Authorization` header. */
export type Actor = 'admin' | 'editor' | 'forged';

/** A JSON value, as request bodies are written. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * A check on one response value, in Portman's content-test vocabulary (`responseBodyTests`): a plain value
 * must be equal (`'{{name}}'` compares with a variable a step saved), a RegExp must match, an object says
 * `contains`, `length`, `minLength`, `notExist` or a chai `assert` such as `'to.be.above(0)'`.
 */
export type ValueCheck =
  | string
  | number
  | boolean
  | null
  | RegExp
  | {
      contains?: string;
      length?: number;
      minLength?: number;
      notExist?: true;
      assert?: string;
    };

/**
 * Linted JavaScript files in scripts/postman/sandbox/ that run in Postman's sandbox, for the few checks
 * Portman's declarative tests cannot say.
 */
export type SandboxScript =
  | 'new-run-id'
  | 'readiness-all-checks-pass'
  | 'jwks-public-keys-only'
  | 'my-account-is-the-admin'
  | 'location-names-the-resource'
  | 'listed-items-match-filters'
  | 'camera-list-includes-the-camera'
  | 'xml-envelope'
  | 'xml-problem'
  | 'content-review-as-xml'
  | 'published-just-now'
  | 'comparison-of-the-two-cameras';

/** HTTP methods a step may send instead of its operation's (HEAD, OPTIONS, 405 probes). */
export type HttpMethod = 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS';

/** One request of the collection. */
export interface Step {
  /** Unique; the request's name in Postman. */
  name: string;
  /** The `operationId` in docs/openapi.json Portman generates the request (and its contract tests) from. */
  op: string;
  /** Whose bearer token is sent; `forged` sends a well-formed but invalid JWT. */
  as?: Actor;
  /** Values of the path's `{params}` (may use `{{variables}}`). */
  params?: Record<string, string>;
  /** Query parameters, in the order they are written. */
  query?: Record<string, string>;
  /** Request headers. */
  headers?: Record<string, string>;
  /** A JSON body; replaces the example Portman generates. Required when the operation has a body. */
  body?: Json;
  /** A body that is not JSON (sent as a JSON string with this content type). */
  text?: { contentType: string; text: string };
  /** The body or query is wrong on purpose, so it is not checked against the document. */
  invalid?: boolean;
  /**
   * Sends another method or path than the operation's: HTTP conventions on a documented path (HEAD,
   * OPTIONS, 405) or a path that is no route. Such a step gets no contract tests and answers no operation.
   */
  send?: { method?: HttpMethod; path?: string };
  /** The status the step expects. */
  expect: number;
  /** For errors: the problem `code` expected. */
  problem?: string;
  /** For validation errors: fields the problem's `errors` must name. */
  fields?: string[];
  /** Checks on response body values, keyed by path (`data.version`, `data[0].id`, `meta.total`). */
  returns?: Record<string, ValueCheck>;
  /** Checks on response headers, as for `returns` (`{ notExist: true }`: the header must be absent). */
  returnsHeaders?: Record<string, ValueCheck>;
  /** Collection variables set from the response body: variable → path (`data.id`). */
  save?: Record<string, string>;
  /** Collection variables set from response headers: variable → header name. */
  saveHeaders?: Record<string, string>;
  /** Sandbox scripts run before the request. */
  before?: SandboxScript[];
  /** Sandbox scripts run after the response (tests). */
  after?: SandboxScript[];
  /** Why the step is there, when its name does not say it; shown in the request's description. */
  why?: string;
}

/** A folder of steps; folders and steps run in the order written. */
export interface Folder {
  name: string;
  description: string;
  steps: Step[];
}
