import type { FastifyReply, FastifyRequest } from 'fastify';
import { etagOfJsonData, matchesNoneMatch } from './conventions.ts';
import { listEnvelope } from './http.ts';

/*
 * Answers whose `data` is JSON bytes made upstream (the read model's stored public JSON, ADR 0015): the
 * envelope is written around the bytes, which are never parsed or serialised again. A Buffer reply skips
 * Fastify's serializer and its preSerialization hooks, so the ETag and 304 that the conventions give
 * object replies are given here, with the same ETag an object reply of the same body would get. The
 * route keeps its response schema, which still documents the answer in the OpenAPI document.
 */

const JSON_TYPE = 'application/json; charset=utf-8';
const DATA_OPEN = Buffer.from('{"data":');

/**
 * Sends `{"data": <items>, "meta": {…}, "links": {…}}` for a page of a list, where `items` is a JSON
 * array's bytes; meta and links are those of `listEnvelope`.
 */
export function sendJsonPage(
  request: FastifyRequest,
  reply: FastifyReply,
  items: Buffer,
  page: number,
  limit: number,
  total: number,
  nextCursor?: string,
  totalIsEstimate?: boolean,
): FastifyReply {
  const { meta, links } = listEnvelope(request, [], page, limit, total, nextCursor, totalIsEstimate);
  const etag = etagOfJsonData(items, { links, meta: stable(meta) }, request.mediaKind);
  return sendJsonData(
    request,
    reply,
    etag,
    items,
    `,"meta":${JSON.stringify(meta)},"links":${JSON.stringify(links)}}`,
  );
}

/** Sends `{"data": <item>, "meta": {requestId, timestamp}}` for one resource whose JSON is `item`. */
export function sendJsonItem(request: FastifyRequest, reply: FastifyReply, item: Buffer): FastifyReply {
  const meta = { requestId: request.id, timestamp: new Date().toISOString() };
  const etag = etagOfJsonData(item, { meta: stable(meta) }, request.mediaKind);
  return sendJsonData(request, reply, etag, item, `,"meta":${JSON.stringify(meta)}}`);
}

function sendJsonData(
  request: FastifyRequest,
  reply: FastifyReply,
  etag: string,
  data: Buffer,
  rest: string,
): FastifyReply {
  reply.header('ETag', etag);
  if (matchesNoneMatch(request.headers['if-none-match'], etag)) {
    reply.notModified = true;
    return reply.code(304).send();
  }
  const tail = Buffer.from(rest);
  const body = Buffer.concat([DATA_OPEN, data, tail], DATA_OPEN.length + data.length + tail.length);
  return reply.type(JSON_TYPE).send(body);
}

/** The envelope's meta without its per-request part, as the ETag covers it. */
function stable(meta: object): object {
  return { ...meta, requestId: undefined, timestamp: undefined };
}
