import type { FastifyDynamicSwaggerOptions } from '@fastify/swagger';
import { jsonSchemaTransform, jsonSchemaTransformObject } from 'fastify-type-provider-zod';

/** The OpenAPI 3.1 document's frame; paths and schemas come from the route schemas. */
export const openApiOptions: FastifyDynamicSwaggerOptions = {
  openapi: {
    openapi: '3.1.0',
    info: {
      title: 'rcr — RandomCameraReviews API',
      version: '1.0.0',
      description:
        'Camera reviews by professional editors. JSON (or XML by `Accept`) success envelope `{data, meta, links}`; errors are `application/problem+json` (RFC 9457) with a stable `code`. Reads send `ETag` and `Cache-Control`; `If-None-Match` → 304. Real-time: Socket.IO at `/socket.io`.',
      contact: { name: 'rcr team', url: 'https://rcr.dev' },
      license: { name: 'Proprietary', identifier: 'LicenseRef-Proprietary' },
    },
    servers: [{ url: 'http://localhost:8080', description: 'npm start (embedded mode)' }],
    tags: [
      { name: 'auth', description: 'Sessions, tokens and the caller’s account' },
      { name: 'editors', description: 'Editor accounts (admins)' },
      { name: 'cameras', description: 'The camera catalogue' },
      { name: 'reviews', description: 'Writing reviews (editors)' },
      { name: 'content', description: 'Published reviews (public)' },
      { name: 'operations', description: 'Health' },
    ],
    components: {
      securitySchemes: {
        bearerAuth: {
          type: 'http',
          scheme: 'bearer',
          bearerFormat: 'JWT',
          description: 'Access token from POST /v1/auth/login',
        },
      },
    },
  },
  transform: jsonSchemaTransform,
  transformObject: jsonSchemaTransformObject,
};
