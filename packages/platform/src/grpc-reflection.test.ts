import { describe, expect, it } from 'vitest';
import { REFLECTION_SERVICES, reflectionServiceDefinitions, reflectionStandIns } from './grpc.ts';

// A server registers stand-ins for the reflection services at listen, so @grpc/reflection's protos load on
// the first reflection call instead (ADR 0034). They must route and encode exactly as the real ones.

describe('reflection stand-ins', () => {
  it('have the paths, streaming and method names of @grpc/reflection’s own definitions', () => {
    const shape = (definitions: ReturnType<typeof reflectionStandIns>) =>
      definitions.map((definition) =>
        Object.entries(definition).map(([name, method]) => ({
          name,
          path: method.path,
          requestStream: method.requestStream,
          responseStream: method.responseStream,
          originalName: method.originalName,
        })),
      );
    const real = reflectionServiceDefinitions();
    expect(shape(reflectionStandIns())).toEqual(shape(real));
    expect(real.map((d) => Object.values(d)[0]?.path.split('/')[1])).toEqual([...REFLECTION_SERVICES]);
  });

  it('encode and decode requests and answers with the real serializers', () => {
    const request = { host: '', listServices: '*' };
    const answer = { validHost: '', listServicesResponse: { service: [{ name: 'rcr.partner.v1.Partner' }] } };
    reflectionStandIns().forEach((standIn, i) => {
      const real = Object.values(reflectionServiceDefinitions()[i]!)[0]!;
      const method = Object.values(standIn)[0]!;
      const bytes = method.requestSerialize(request);
      expect(bytes).toEqual(real.requestSerialize(request));
      expect(method.requestDeserialize(bytes)).toEqual(real.requestDeserialize(bytes));
      const answered = method.responseSerialize(answer);
      expect(answered).toEqual(real.responseSerialize(answer));
      expect(method.responseDeserialize(answered)).toEqual(real.responseDeserialize(answered));
      expect(bytes.length).toBeGreaterThan(0);
    });
  });
});
