// Trunk post-build hook (Trunk.toml): writes a brotli (quality 11) and a gzip (level 9) copy beside
// every wasm, js, mjs, css and svg file of the build, so the server sends the smallest form without
// compressing on each request. Node's own zlib does it; no other tool is needed.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error('precompress: set TRUNK_STAGING_DIR or pass the directory');
  process.exit(2);
}
for (const name of readdirSync(dir)) {
  if (!/\.(wasm|m?js|css|svg)$/.test(name)) continue;
  const path = join(dir, name);
  const raw = readFileSync(path);
  const br = brotliCompressSync(raw, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
      [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
    },
  });
  writeFileSync(path + '.br', br);
  writeFileSync(path + '.gz', gzipSync(raw, { level: 9 }));
  console.log(`precompress: ${name} ${raw.length} B -> ${br.length} B brotli`);
}
