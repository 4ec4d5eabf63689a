// Trunk post-build hook: writes a brotli (.br) and a gzip (.gz) copy beside every text or
// WebAssembly file of the built app, so the server sends the smallest the browser accepts
// without compressing on every request. Node's own zlib; nothing to install.
import { readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, extname } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";

const dir = process.env.TRUNK_STAGING_DIR || process.argv[2];
if (!dir) {
  console.error("precompress: no TRUNK_STAGING_DIR and no folder given");
  process.exit(1);
}
const kinds = new Set([".wasm", ".js", ".css", ".html", ".json", ".webmanifest", ".svg"]);

function walk(folder) {
  for (const name of readdirSync(folder)) {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) {
      walk(path);
    } else if (kinds.has(extname(name)) && name !== "sw.js" && statSync(path).size >= 512) {
      // (sw.js is stamped per deploy by the server, never served from disk.)
      const bytes = readFileSync(path);
      const br = brotliCompressSync(bytes, {
        params: {
          [constants.BROTLI_PARAM_QUALITY]: 11,
          [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length,
        },
      });
      writeFileSync(`${path}.br`, br);
      writeFileSync(`${path}.gz`, gzipSync(bytes, { level: 9 }));
      console.log(`precompress: ${name} ${bytes.length} → br ${br.length}`);
    }
  }
}
walk(dir);
