// Container health check of a gRPC service: exits 0 when grpc.health.v1.Health reports SERVING.
//   node scripts/grpc-health.mjs 127.0.0.1:50051
// (Kubernetes probes gRPC health itself; Compose needs a command.)
import { credentials, makeGenericClientConstructor } from '@grpc/grpc-js';
import { service } from 'grpc-health-check';

const address = process.argv[2];
if (!address) {
  console.error('usage: node scripts/grpc-health.mjs <host:port>');
  process.exit(2);
}
const Health = makeGenericClientConstructor(service, 'Health');
const client = new Health(address, credentials.createInsecure());
client.check({ service: '' }, { deadline: new Date(Date.now() + 2000) }, (err, response) => {
  client.close();
  process.exit(!err && (response?.status === 'SERVING' || response?.status === 1) ? 0 : 1);
});
