#!/usr/bin/env bash
# Regenerates the TypeScript types of the .proto files (committed; run after editing a .proto).
set -euo pipefail
cd "$(dirname "$0")"
rm -rf src/generated
npx proto-loader-gen-types --grpcLib=@grpc/grpc-js --outDir=src/generated \
  --longs=Number --enums=String --defaults --oneofs --arrays --inputTemplate='%s' --outputTemplate='%s__Output' \
  --includeComments --importFileExtension=.ts -I proto -- identity.proto reviews.proto content.proto partner.proto jobs.proto webhooks.proto media.proto
# One barrel per proto package, so callers import `IdentityV1.Editor__Output` and friends.
for dir in src/generated/rcr/*/v1; do
  (cd "$dir" && for f in *.ts; do [ "$f" = index.ts ] || echo "export type * from './$f';"; done) > "$dir/index.ts"
done
