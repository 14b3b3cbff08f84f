export { startGateway, type RunningGateway } from './service.ts';
export { gatewayConfigSchema, type GatewayConfig } from './config.ts';
export { openApiDocument } from './openapi-document.ts';
export { generateConsistencyKey } from './rest/consistency.ts';
export { graphqlSchemaDocument } from './graphql/server.ts';
