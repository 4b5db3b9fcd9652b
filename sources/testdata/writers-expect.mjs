// What both fixture generators (parquet-writers/gen.mjs,
// avro-writers/gen.mjs) write into a .expect file the same way; it needs
// nothing from npm.
import { createHash } from 'node:crypto';

// digest is the SHA-256 of the sorted byte strings, each as its length
// in decimal, ':', itself and '\n' (writersDigest,
// sources/parquet_writers_test.go).
export function digest(list) {
  const h = createHash('sha256');
  for (const v of [...list].sort(Buffer.compare)) {
    h.update(`${v.length}:`);
    h.update(v);
    h.update('\n');
  }
  return h.digest('hex');
}

// isText says whether v is valid UTF-8.
export const isText = (v) => { try { new TextDecoder('utf-8', { fatal: true }).decode(v); return true; } catch { return false; } };

// scaled is the BigInt v as a decimal with scale digits after the point,
// as piiscan formats decimals (appendScaled and placePoint,
// sources/parquet.go): "0.05" for 5 with scale 2.
export function scaled(v, scale) {
  const neg = v < 0n;
  let s = (neg ? -v : v).toString();
  if (scale > 0) {
    s = s.padStart(scale + 1, '0');
    s = s.slice(0, s.length - scale) + '.' + s.slice(s.length - scale);
  }
  return (neg ? '-' : '') + s;
}
