import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

// The reflection protocol's own proto, as the @grpc/reflection package ships it (what grpcurl speaks).
const REFLECTION_PROTO = join(
  dirname(createRequire(import.meta.url).resolve('@grpc/reflection')),
  '../proto/grpc/reflection/v1/reflection.proto',
);

interface ReflectionResponse {
  listServicesResponse?: { service: { name: string }[] };
  fileDescriptorResponse?: { fileDescriptorProto: Buffer[] };
  errorResponse?: { errorCode: number; errorMessage: string };
}
type ReflectionStream = grpc.ClientDuplexStream<object, ReflectionResponse>;
type ReflectionClient = grpc.Client & { ServerReflectionInfo(): ReflectionStream };

let ReflectionClientConstructor: grpc.ServiceClientConstructor | undefined;

function reflectionClient(address: string): ReflectionClient {
  ReflectionClientConstructor ??= (
    grpc.loadPackageDefinition(protoLoader.loadSync(REFLECTION_PROTO, { keepCase: false })) as unknown as {
      grpc: { reflection: { v1: { ServerReflection: grpc.ServiceClientConstructor } } };
    }
  ).grpc.reflection.v1.ServerReflection;
  return new ReflectionClientConstructor(
    address,
    grpc.credentials.createInsecure(),
  ) as unknown as ReflectionClient;
}

/** One reflection request on a fresh stream (grpc.reflection.v1.ServerReflection/ServerReflectionInfo). */
async function ask(address: string, request: object): Promise<ReflectionResponse> {
  const client = reflectionClient(address);
  try {
    return await new Promise<ReflectionResponse>((resolve, reject) => {
      const stream = client.ServerReflectionInfo();
      stream.once('data', (response: ReflectionResponse) => {
        resolve(response);
        stream.end();
      });
      stream.once('error', reject);
      stream.write(request);
    });
  } finally {
    client.close();
  }
}

/** The services a server lists by reflection (`grpcurl <address> list`). */
export async function listServices(address: string): Promise<string[]> {
  const response = await ask(address, { listServices: '*' });
  return (response.listServicesResponse?.service ?? []).map((s) => s.name).sort();
}

/** The encoded file descriptors (the file and its imports) that declare a symbol (`grpcurl describe`). */
export async function fileContainingSymbol(address: string, symbol: string): Promise<Buffer[]> {
  const response = await ask(address, { fileContainingSymbol: symbol });
  if (response.errorResponse) throw new Error(response.errorResponse.errorMessage);
  return response.fileDescriptorResponse?.fileDescriptorProto ?? [];
}

/** A FileDescriptorSet (`repeated FileDescriptorProto file = 1`) made of encoded file descriptors. */
function descriptorSet(files: Buffer[]): Buffer {
  const parts: Buffer[] = [];
  for (const file of files) {
    const length: number[] = [];
    let n = file.length;
    while (n > 0x7f) {
      length.push((n & 0x7f) | 0x80);
      n >>>= 7;
    }
    length.push(n);
    parts.push(Buffer.from([0x0a, ...length]), file);
  }
  return Buffer.concat(parts);
}

/**
 * A client of `service` (`pkg.Service`) built only from what the server says by reflection, as grpcurl
 * builds its calls: no .proto file of ours is read.
 */
export async function clientByReflection(
  address: string,
  service: string,
): Promise<grpc.Client & Record<string, unknown>> {
  const files = await fileContainingSymbol(address, service);
  const definition = protoLoader.loadFileDescriptorSetFromBuffer(descriptorSet(files), {
    longs: String,
    enums: String,
    defaults: true,
  });
  const Constructor = definition[service] as grpc.ServiceDefinition | undefined;
  if (!Constructor) throw new Error(`reflection did not describe ${service}`);
  const Client = grpc.makeGenericClientConstructor(Constructor, service);
  return new Client(address, grpc.credentials.createInsecure()) as unknown as grpc.Client &
    Record<string, unknown>;
}
