import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { FastifyBaseLogger, FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';

/** The gateway's Fastify instance, typed by its zod route schemas. */
export type RestApp = FastifyInstance<
  Server,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** Security requirement of routes that need an access token (OpenAPI). */
export const BEARER = [{ bearerAuth: [] }];
