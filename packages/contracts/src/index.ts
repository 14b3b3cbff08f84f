export * from './events.ts';
export * from './protos.ts';
export * from './auth.ts';
export * from './asyncapi.ts';
export * from './inputs.ts';
export * from './queries.ts';
export * from './push.ts';
export * from './webhooks.ts';
