// gen.mjs writes the Avro object container files of this directory with
// avsc, the JavaScript Avro implementation (not hamba/avro, not piiscan),
// and next to each file the values piiscan must scan out of it
// (<name>.expect), derived here from the records written and read back,
// never by running piiscan. See README.md.
//
//	npm install && node gen.mjs
import avro from 'avsc';
import snappy from 'snappyjs';
import CRC32 from 'crc-32';
import compressjs from 'compressjs';
import { xzAsync, unxzAsync } from 'node-liblzma/wasm';
import * as zstd from '@bokuweb/zstd-wasm';
import { createHash } from 'node:crypto';
import { digest, isText, scaled } from '../writers-expect.mjs';
import { once } from 'node:events';
import { readFileSync, readdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const dir = dirname(fileURLToPath(import.meta.url));
const N = 200;
await zstd.init();

// ---------------------------------------------------------------------------
// Codecs, as the Avro specification frames them: deflate is raw deflate
// (RFC 1951, no zlib header); snappy is the compressed block followed by
// the CRC-32 of the uncompressed block, big-endian; bzip2, xz and zstandard
// are one .bz2 / .xz / zstd frame per block, as the Java implementation
// writes them.

const snappyBlock = (b) => {
  const sum = Buffer.alloc(4);
  sum.writeUInt32BE(CRC32.buf(b) >>> 0);
  return Buffer.concat([Buffer.from(snappy.compress(b)), sum]);
};
const unsnappyBlock = (b) => {
  const out = Buffer.from(snappy.uncompress(b.subarray(0, b.length - 4)));
  if ((CRC32.buf(out) >>> 0) !== b.readUInt32BE(b.length - 4)) throw new Error('snappy block checksum');
  return out;
};
const sync = (f) => (b, cb) => { let out; try { out = f(b); } catch (err) { cb(err); return; } cb(null, out); };
const async = (f) => (b, cb) => { f(b).then((out) => cb(null, Buffer.from(out)), cb); };
const encoders = {
  null: sync((b) => b),
  deflate: sync((b) => zlib.deflateRawSync(b)),
  snappy: sync(snappyBlock),
  bzip2: sync((b) => Buffer.from(compressjs.Bzip2.compressFile(b))),
  xz: async(xzAsync), // liblzma (XZ Utils) as WebAssembly: CRC64 check, like Java's
  zstandard: sync((b) => Buffer.from(zstd.compress(b, 3))),
};
const decoders = {
  null: sync((b) => b),
  deflate: sync((b) => zlib.inflateRawSync(b)),
  snappy: sync(unsnappyBlock),
  bzip2: sync((b) => Buffer.from(compressjs.Bzip2.decompressFile(b))),
  xz: async(unxzAsync),
  zstandard: sync((b) => Buffer.from(zstd.decompress(b))),
};

// ---------------------------------------------------------------------------
// Types: longs as BigInt (all 64 bits, but for logical types, whose
// underlying long avsc makes itself), and avsc logical types for decimal
// (BigInt values, big-endian two's complement: the fewest bytes on bytes,
// sign-extended on fixed), and markers for uuid and the dates and times,
// whose values are written as their underlying ints, longs or strings.

const bigLong = avro.types.LongType.__with({
  fromBuffer: (b) => b.readBigInt64LE(),
  toBuffer: (n) => { const b = Buffer.alloc(8); b.writeBigInt64LE(n); return b; },
  fromJSON: BigInt,
  toJSON: Number,
  isValid: (n) => typeof n === 'bigint',
  compare: (a, b) => (a === b ? 0 : a < b ? -1 : 1),
});

function twos(v, size) {
  if (size === undefined) {
    size = 1;
    while (v < -(1n << BigInt(8 * size - 1)) || v >= 1n << BigInt(8 * size - 1)) size++;
  } else if (v < -(1n << BigInt(8 * size - 1)) || v >= 1n << BigInt(8 * size - 1)) {
    throw new Error(`${v} does not fit in ${size} bytes`);
  }
  let u = BigInt.asUintN(8 * size, v);
  const b = Buffer.alloc(size);
  for (let k = size - 1; k >= 0; k--) { b[k] = Number(u & 0xffn); u >>= 8n; }
  return b;
}

class DecimalType extends avro.types.LogicalType {
  constructor(schema, opts) {
    super(schema, opts);
    this.logicalName = 'decimal';
    this.precision = schema.precision;
    this.scale = schema.scale ?? 0;
    this.size = schema.type === 'fixed' ? schema.size : undefined;
  }
  _fromValue(b) { return BigInt.asIntN(8 * b.length, BigInt('0x' + (b.toString('hex') || '0'))); }
  _toValue(v) {
    if (typeof v !== 'bigint') return undefined;
    if ((v < 0n ? -v : v).toString().length > this.precision) throw new Error(`${v}: more than ${this.precision} digits`);
    return twos(v, this.size);
  }
  _resolve() { return undefined; }
  _export(attrs) { attrs.precision = this.precision; attrs.scale = this.scale; }
}

const marker = (name) => class extends avro.types.LogicalType {
  constructor(schema, opts) { super(schema, opts); this.logicalName = name; }
  _fromValue(v) { return v; }
  _toValue(v) { return v; }
  _resolve() { return undefined; }
};
const NO_TEXT = ['date', 'time-millis', 'time-micros', 'timestamp-millis', 'timestamp-micros', 'timestamp-nanos',
  'local-timestamp-millis', 'local-timestamp-micros', 'local-timestamp-nanos'];
const logicalTypes = { decimal: DecimalType, uuid: marker('uuid') };
for (const n of NO_TEXT) logicalTypes[n] = marker(n);

// ---------------------------------------------------------------------------
// What piiscan must emit, per value, checked against sources/avro.go:
// int and long as decimal integers; float and double in Go's shortest
// 'f' form (strconv.FormatFloat(x, 'f', -1, 32 or 64)); a decimal (on
// bytes or fixed) with its point; strings, bytes and fixed values as their
// bytes; empty strings and bytes, nulls, booleans, enums, and the dates and
// times emit nothing. A record field adds ".name" (or "['name']" when the
// name is not an identifier), an array item "[]" to the template and
// "[i]" to the path, a map value its key as a member name, a union branch
// nothing; a map key is scanned itself, at the map's own path.

function plain(s) { // a JS number's digits without an exponent, as Go's 'f' with precision -1
  let neg = false;
  if (s[0] === '-') { neg = true; s = s.slice(1); }
  const [m, e = '0'] = s.split('e');
  const [ip, fp = ''] = m.split('.');
  let digits = ip + fp;
  let point = ip.length + Number(e);
  while (digits.length > 1 && digits[0] === '0') { digits = digits.slice(1); point--; }
  digits = digits.replace(/0+$/, '');
  let out;
  if (digits === '') out = '0';
  else if (point <= 0) out = '0.' + '0'.repeat(-point) + digits;
  else if (point >= digits.length) out = digits + '0'.repeat(point - digits.length);
  else out = digits.slice(0, point) + '.' + digits.slice(point);
  return (neg ? '-' : '') + out;
}
function f64(x) {
  if (!Number.isFinite(x)) throw new Error(`${x}: not a finite double`);
  return Object.is(x, -0) ? '-0' : plain(String(x)); // String is the shortest round trip, as Go's -1
}
function f32(x) {
  if (!Number.isFinite(x) || Math.fround(x) !== x) throw new Error(`${x}: not a finite float`);
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';
  for (let p = 1; p <= 9; p++) {
    const s = x.toPrecision(p);
    if (Math.fround(Number(s)) === x) return plain(s);
  }
  throw new Error(`${x}: no float32 digits`);
}
const isIdent = (s) => /^[_$A-Za-z][_$A-Za-z0-9]*$/.test(s);
const seg = (name) => (isIdent(name) ? '.' + name : `['${name.replace(/['\\]/g, '\\$&')}']`);
const uuidText = (b) => b.toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');

function walk(t, v, tmpl, path, out) {
  if (t instanceof avro.types.LogicalType) {
    if (NO_TEXT.includes(t.logicalName)) return;
    if (t.logicalName === 'decimal') return out(tmpl, path, scaled(v, t.scale));
    // uuid: a string as it is; on fixed(16) (Avro 1.12), the canonical
    // text, as piiscan gives a Parquet UUID
    if (t.logicalName === 'uuid') return out(tmpl, path, Buffer.isBuffer(v) ? uuidText(v) : v);
    throw new Error(`logical type ${t.logicalName}`);
  }
  switch (t.typeName) {
    case 'null': case 'boolean': case 'enum':
      return;
    case 'int': case 'long': case 'abstract:long':
      return out(tmpl, path, v.toString());
    case 'float':
      return out(tmpl, path, f32(v));
    case 'double':
      return out(tmpl, path, f64(v));
    case 'string': case 'bytes': case 'fixed':
      return out(tmpl, path, v);
    case 'record':
      for (const f of t.fields) walk(f.type, v[f.name], tmpl + seg(f.name), path + seg(f.name), out);
      return;
    case 'array':
      v.forEach((x, j) => walk(t.itemsType, x, tmpl + '[]', `${path}[${j}]`, out));
      return;
    case 'map':
      for (const [k, x] of Object.entries(v)) {
        out(tmpl, path, k);
        walk(t.valuesType, x, tmpl + seg(k), path + seg(k), out);
      }
      return;
    case 'union:wrapped': {
      if (v === null) return;
      const [name, x] = Object.entries(v)[0];
      return walk(t.types.find((b) => b.branchName === name), x, tmpl, path, out);
    }
    case 'union:unwrapped':
      return walk(t.types.find((b) => b.isValid(v)), v, tmpl, path, out);
  }
  throw new Error(`type ${t.typeName}`);
}

function expectFile(file, writer, codec, blocks, type, records) {
  const byField = new Map();
  records.forEach((r, i) => walk(type, r, '$', '$', (field, path, value) => {
    const v = Buffer.isBuffer(value) ? value : Buffer.from(value);
    if (v.length === 0) return;
    if (!byField.has(field)) byField.set(field, []);
    byField.get(field).push({ row: i, path, value: v });
  }));
  const fields = {};
  for (const [field, vals] of [...byField].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const values = vals.map((x) => x.value);
    const located = vals.map((x) => Buffer.concat([Buffer.from(`${x.row}\t${x.path}\t`), x.value]));
    const sorted = [...values].sort(Buffer.compare);
    // a handful of values: the smallest, the largest, and the first and
    // last record's, none longer than 100 bytes
    const picks = [sorted[0], sorted[sorted.length - 1], vals[0].value, vals[vals.length - 1].value].filter((p) => p.length <= 100);
    const uniq = [...new Map(picks.map((p) => [p.toString('hex'), p])).values()];
    const f = { count: values.length, values_sha256: digest(values), located_sha256: digest(located) };
    if (uniq.every(isText)) f.samples = uniq.map((p) => p.toString('utf8'));
    else f.samples_hex = uniq.map((p) => p.toString('hex'));
    fields[field] = f;
  }
  const head = JSON.stringify({ file, writer, codec, blocks, records: records.length }, null, 1).slice(0, -2);
  const body = Object.entries(fields).map(([k, f]) => ` ${JSON.stringify(k)}: ${JSON.stringify(f)}`).join(',\n');
  return `${head},\n "fields": {\n${body}\n }\n}\n`;
}

// ---------------------------------------------------------------------------
// The records.

const pad = (n, w) => String(n).padStart(w, '0');
const uid = (i) => `a0eebc99-9c0b-4ef8-bb6d-${(0x6bb9bd380a00 + i).toString(16)}`;
const DAY = 86400000;
const EPOCH_2020_MS = 1577836800000;

// Customer: written with every codec; the header holds avsc's own export
// of the schema (full names, logical types with their attributes). Extra:
// more types, written once. Both with wrapped unions and BigInt longs.
const Address = {
  type: 'record', name: 'Address', namespace: 'com.example.geo', fields: [
    { name: 'street', type: 'string' },
    { name: 'city', type: 'string' },
    { name: 'zip', type: ['null', 'string'], default: null },
    { name: 'country', type: 'string', default: 'JP' },
  ],
};
const Card = {
  type: 'record', name: 'Card', fields: [
    { name: 'number', type: 'string' },
    { name: 'exp', type: ['null', 'string'], default: null },
    { name: 'cvv', type: 'int', default: 0 },
    { name: 'brand', type: { type: 'enum', name: 'Brand', symbols: ['VISA', 'MC', 'AMEX'] } },
  ],
};
const Status = { type: 'enum', name: 'Status', symbols: ['OPEN', 'SHUT', 'WAIT'] };
const Wide = { type: 'fixed', name: 'Wide', size: 16, logicalType: 'decimal', precision: 38, scale: 10 };
const customerSchema = {
  type: 'record', name: 'Customer', namespace: 'com.example.pii', doc: 'A customer', fields: [
    { name: 'id', type: 'long' },
    { name: 'email', type: 'string' },
    { name: 'card_text', type: ['null', 'string'], default: null },
    { name: 'card_long', type: 'long' },
    { name: 'ssn', type: ['null', 'string'], default: null },
    { name: 'small', type: 'int' },
    { name: 'big', type: 'long' },
    { name: 'ratio', type: 'double' },
    { name: 'ratio32', type: 'float' },
    { name: 'active', type: 'boolean', default: true },
    { name: 'status', type: Status },
    { name: 'uid', type: { type: 'string', logicalType: 'uuid' } },
    { name: 'born', type: { type: 'int', logicalType: 'date' } },
    { name: 'seen_ms', type: { type: 'long', logicalType: 'timestamp-millis' } },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 18, scale: 2 } },
    { name: 'wide', type: Wide },
    { name: 'raw', type: 'bytes' },
    { name: 'note', type: 'string' },
    { name: 'tags', type: { type: 'array', items: 'string' } },
    { name: 'attrs', type: { type: 'map', values: 'string' } },
    { name: 'address', type: Address },
    { name: 'misc', type: ['null', 'string', 'long'], default: null },
    { name: 'cards', type: { type: 'array', items: Card } },
    { name: 'comment', type: 'string', default: 'n/a' },
  ],
};
const extraSchema = {
  type: 'record', name: 'Extra', namespace: 'com.example.pii', fields: [
    { name: 'id', type: 'long' },
    { name: 'status', type: Status },
    { name: 'prev_status', type: ['null', 'Status'], default: null },
    { name: 'wake', type: { type: 'int', logicalType: 'time-millis' } },
    { name: 'wake_us', type: { type: 'long', logicalType: 'time-micros' } },
    { name: 'seen_us', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'local_ms', type: { type: 'long', logicalType: 'local-timestamp-millis' } },
    { name: 'local_us', type: { type: 'long', logicalType: 'local-timestamp-micros' } },
    { name: 'due', type: ['null', { type: 'int', logicalType: 'date' }], default: null },
    { name: 'huge', type: ['null', { type: 'bytes', logicalType: 'decimal', precision: 76, scale: 20 }], default: null },
    { name: 'wide', type: Wide },
    { name: 'small_dec', type: { type: 'fixed', name: 'Small', size: 4, logicalType: 'decimal', precision: 9, scale: 3 } },
    { name: 'refund', type: ['null', 'Wide'], default: null },
    { name: 'token', type: { type: 'fixed', name: 'Token', size: 8 } },
    { name: 'home', type: Address },
    { name: 'billing', type: ['null', 'com.example.geo.Address'], default: null },
    {
      name: 'pick', default: null, type: ['null', 'double', 'bytes', 'boolean', 'Status',
        { type: 'array', items: 'long' }, { type: 'map', values: 'com.example.geo.Address' }, Card],
    },
    { name: 'phones', type: { type: 'map', values: { type: 'array', items: 'string' } } },
    { name: 'matrix', type: { type: 'array', items: { type: 'array', items: 'long' } } },
  ],
};

// Map keys carry the names a JSON path must quote (Avro field names
// cannot: avsc and the specification allow [A-Za-z_][A-Za-z0-9_]* only).
const KEYS = ['plain', 'a.b', 'with space', "it's", 'back\\slash', '日本', '', '1st', '$ref', 'quote"d'];
// A string over 64 KiB in one value (in avsc-toplevel-union).
const longNote = Array.from({ length: 2200 }, (_, k) => `line ${k}: user${k % 50}@example.com 山田`).join('\n');
if (Buffer.byteLength(longNote) <= 64 << 10) throw new Error('long note too short');

// values of both Customer's and Extra's fields
function customer(i) {
  const b = BigInt(i);
  const r = {
    id: b,
    email: `user${i}@example.com`,
    card_text: i % 3 === 0 ? null : { string: i % 3 === 1 ? String(4111111111111111n + b) : `4111 1111 1111 ${pad(1111 + i, 4)}` },
    card_long: 4111111111111111n + b,
    ssn: i % 4 === 3 ? null : { string: `${pad(100 + i, 3)}-${pad(10 + (i % 90), 2)}-${pad(1000 + i, 4)}` },
    small: i === 0 ? -2147483648 : i === 1 ? 2147483647 : (i - 100) * 12345,
    big: i === 0 ? -(2n ** 63n) : i === 1 ? 2n ** 63n - 1n : (b - 100n) * 92233720368547758n + b,
    ratio: [null, null, 1e21, 1e-7, 5e-324, Number.MAX_VALUE][i] ?? (i - 100) / 3,
    ratio32: [null, null, Math.fround(0.1), Math.fround(3.4028234663852886e38), Math.fround(1e-45), Math.fround(16777217)][i] ?? (i - 100) / 4,
    status: ['OPEN', 'SHUT', 'WAIT'][i % 3],
    prev_status: i % 2 ? { 'com.example.pii.Status': ['WAIT', 'OPEN'][i % 4 >> 1] } : null,
    uid: uid(i),
    born: 18262 + i,
    home: { street: `${i} Home St`, city: 'Nagoya' },
    wake: i * 60000,
    // numbers: avsc gives a logical type's underlying long its own
    // LongType, not the registry's (all under 2^53)
    wake_us: i * 60000000 + 1,
    seen_ms: EPOCH_2020_MS + i * 60000,
    seen_us: EPOCH_2020_MS * 1000 + i * 60000000,
    local_ms: EPOCH_2020_MS + i * DAY,
    local_us: (EPOCH_2020_MS + i * DAY) * 1000 + 7,
    due: i % 5 === 0 ? null : { int: 18262 + 30 + i },
    amount: (b - 100n) * 100n + (i % 2 ? 5n : -5n),
    // up to 76 digits in 32 bytes: the widest decimal piiscan formats
    huge: i % 3 && i !== 1 ? null : { bytes: i === 0 ? 10n ** 76n - 1n : i === 1 ? -(10n ** 76n - 1n) : (b - 100n) * 10n ** 70n + b },
    wide: (b - 100n) * 12345678901234567890123456n + b,
    small_dec: i === 0 ? 999999999n : i === 1 ? -999999999n : (b - 100n) * 1001n,
    refund: i % 3 === 0 ? { 'com.example.pii.Wide': b * 1000000n + 1n } : null,
    token: i % 2 ? Buffer.concat([Buffer.from([0xfe, i & 0xff, 0x00]), Buffer.from(pad(i, 5))]) : Buffer.from(`T${pad(i, 7)}`),
    raw: i % 10 === 0 ? Buffer.alloc(0) : Buffer.concat([Buffer.from(`blob-${i}`), Buffer.from([0x80 | (i % 128), 0xff, 0x01])]),
    note: i % 10 === 0 ? '' : [`山田太郎 ${i} 東京都千代田区`, `🙂 user${i} 👍🏽 ✉`, `plain note ${i}`][i % 3],
    tags: i % 4 === 3 ? [] : [`tag${i}`, `x${i * 2}`, ...(i % 5 === 0 ? ['', `日本${i}`] : [])],
    attrs: i % 3 === 2 ? {} : Object.fromEntries(KEYS.flatMap((k, j) => ((i + j) % 4 !== 0 ? [] : [[k, (i + j) % 7 === 0 ? '' : `v${i}-${j}`]]))),
    address: { street: `${i} Main St`, city: i % 2 ? 'Tokyo' : 'Zürich', ...(i % 5 ? { zip: { string: pad(10000 + i, 5) } } : {}), ...(i % 2 ? {} : { country: 'CH' }) },
    billing: i % 4 === 0 ? { 'com.example.geo.Address': { street: '', city: `City ${i}`, zip: null, country: 'DE' } } : null,
    misc: [null, { string: `str${i}` }, { long: b * 1000n }][i % 3],
    cards: i % 4 === 0 ? [] : Array.from({ length: 1 + (i % 4 === 1) }, (_, k) => (k === 0
      ? { number: String(4111111111111111n + b + BigInt(k)), exp: { string: `${pad(1 + (i % 12), 2)}/2${i % 10}` }, cvv: 100 + i, brand: 'VISA' }
      : { number: `5500 0000 0000 ${pad(i, 4)}`, brand: 'MC' })), // exp and cvv take their defaults
    pick: [
      null,
      { double: i * 1.5 },
      { bytes: Buffer.from(`pick${i}`) },
      { boolean: true },
      { 'com.example.pii.Status': 'SHUT' },
      { array: [b, -b, 4111111111111111n] },
      { map: { home: { street: `${i} Home Rd`, city: 'Osaka', zip: null, country: 'JP' }, 'work place': { street: `${i} Work Ave`, city: 'Kyoto', zip: { string: pad(60000 + i, 5) }, country: 'JP' } } },
      { 'com.example.pii.Card': { number: `3782 822463 ${pad(10005 + i, 5)}`, brand: 'AMEX' } },
    ][i % 8],
    phones: i % 6 === 5 ? {} : i % 2 ? { home: [`+81-3-${pad(i, 4)}`] } : { mobile: [`090-${pad(i, 4)}`, ''] },
    matrix: Array.from({ length: i % 4 }, (_, k) => Array.from({ length: k }, (_, m) => b * 100n + BigInt(k * 10 + m))),
  };
  if (i % 2 === 0) r.comment = `comment ${i}`; // the odd records take the default, "n/a"
  return r;
}

// Doc: recursive types (a linked list, a tree through an array and a
// map), namespaces, named types referenced again by short and full name,
// defaults of each kind; the header holds the schema exactly as given
// (doc, aliases, custom attributes, enum default). Unions are unwrapped
// (avsc's 'auto'), longs are numbers.
const docSchema = {
  type: 'record', name: 'Doc', namespace: 'org.example.tree', doc: 'A document with recursive parts',
  'x-owner': 'piiscan tests', aliases: ['Document'], fields: [
    { name: 'id', type: 'long', doc: 'the record number' },
    {
      name: 'owner', type: {
        type: 'record', name: 'Person', aliases: ['User'], fields: [
          { name: 'email', type: 'string' },
          { name: 'kind', type: { type: 'enum', name: 'Kind', symbols: ['USER', 'ADMIN', 'GUEST'], default: 'GUEST' }, default: 'USER' },
          { name: 'phone', type: ['null', 'string'], default: null },
        ],
      },
    },
    {
      name: 'chain', default: null, type: ['null', {
        type: 'record', name: 'Link', fields: [
          { name: 'email', type: 'string' },
          { name: 'next', type: ['null', 'Link'], default: null },
        ],
      }],
    },
    {
      name: 'tree', type: {
        type: 'record', name: 'Node', fields: [
          { name: 'label', type: 'string' },
          { name: 'value', type: ['null', 'string', 'long'], default: null },
          { name: 'kids', type: { type: 'array', items: 'Node' }, default: [] },
          { name: 'named', type: { type: 'map', values: 'org.example.tree.Node' }, default: {} },
          { name: 'who', type: ['null', 'Person'], default: null },
        ],
      },
    },
    { name: 'reviewers', type: { type: 'array', items: 'org.example.tree.Person' }, default: [] },
    { name: 'flags', type: { type: 'map', values: 'Kind' }, default: { x: 'USER' } },
    { name: 'hash', type: { type: 'fixed', name: 'MD5', namespace: 'org.example.crypto', size: 16 } },
    { name: 'hash2', type: ['null', 'org.example.crypto.MD5'], default: null },
    { name: 'price', type: { type: 'fixed', name: 'Money', size: 12, logicalType: 'decimal', precision: 24, scale: 4 }, default: '\u0000'.repeat(12) },
    { name: 'price_opt', type: ['null', 'Money'], default: null },
    { name: 'ref', type: { type: 'fixed', name: 'Uuid16', size: 16, logicalType: 'uuid' } },
    { name: 'seen_ns', type: { type: 'long', logicalType: 'timestamp-nanos' }, default: 0 },
    { name: 'score', type: 'double', default: 0.5 },
    { name: 'blob', type: 'bytes', default: '\u00ff\u0001' },
    { name: 'nothing', type: { type: 'record', name: 'Empty', fields: [] }, default: {} },
    { name: 'tail', type: 'string', default: '' },
  ],
};

function chain(i, depth) {
  return depth === 0 ? null : { email: `link${i}.${depth}@example.org`, next: chain(i, depth - 1) };
}
function tree(i, depth, label) {
  const node = { label, value: depth % 3 === 0 ? null : depth % 3 === 1 ? `val ${label}` : i * 10 + depth, kids: [], named: {}, who: null };
  if (depth > 0) {
    for (let k = 0; k < (i + depth) % 3; k++) node.kids.push(tree(i, depth - 1, `${label}/${k}`));
    if ((Math.floor(i / 4) + depth) % 2) node.named[depth % 4 === 1 ? 'left side' : 'left'] = tree(i, depth - 1, `${label}<`);
  }
  if (depth === 1) node.who = { email: `who${i}@example.net`, kind: 'ADMIN', phone: null };
  return node;
}
function doc(i) {
  const r = {
    id: i,
    owner: { email: `owner${i}@example.com`, kind: ['USER', 'ADMIN', 'GUEST'][i % 3], phone: i % 2 ? `+1-555-${pad(i, 4)}` : null },
    chain: chain(i, i % 5),
    tree: tree(i, i % 4, `n${i}`),
    reviewers: Array.from({ length: i % 3 }, (_, k) => ({ email: `rev${i}.${k}@example.com`, kind: 'USER', phone: null })),
    flags: i % 4 === 0 ? {} : { 'is.admin': 'ADMIN', [`u${i}`]: 'USER' },
    hash: createHash('md5').update(`doc ${i}`).digest(),
    hash2: i % 3 ? createHash('md5').update(`doc2 ${i}`).digest() : null,
    price: twos((BigInt(i) - 100n) * 123456789012345n + 1n, 12),
    price_opt: i % 2 ? twos(BigInt(i) * 10001n, 12) : null,
    ref: Buffer.from(uid(i).replace(/-/g, ''), 'hex'),
    seen_ns: EPOCH_2020_MS * 1000 + i, // a number: 1.6e15 < 2^53
    score: i / 8,
    blob: i % 5 ? Buffer.from(`doc-blob-${i}`) : Buffer.alloc(0),
    nothing: {},
  };
  if (i % 2) r.tail = `tail ${i} 😀`;
  return r;
}

// Top: a union at the top of the schema, so every value is at "$"; tiny
// blocks; a string over 64 KiB, near the end so that the blocks before it
// stay small (avsc grows its block size to fit a large record). (Null is
// in the schema but not written: a stream takes no null.)
const topSchema = ['null', 'string', 'long', { type: 'array', items: 'string' }, { type: 'map', values: 'string' }];
function top(i) {
  switch (i % 6) {
    case 0: return i === N - 8 ? longNote : `top user${i}@example.com`;
    case 1: return `4111-1111-1111-${pad(1111 + i, 4)}`;
    case 2: return 4111111111111111 + i;
    case 3: return [`a${i}`, '', `c${i}`];
    case 4: return { [`key ${Math.floor(i / 6) % 3}`]: `val${i}`, k: "" };
    default: return '';
  }
}

// Zero-size items: arrays whose items take no bytes (null, a record with
// no fields), valid Avro that a reader must not take for a corrupt count.
const zeroSchema = {
  type: 'record', name: 'Zero', fields: [
    { name: 'id', type: 'int' },
    { name: 'nulls', type: { type: 'array', items: 'null' } },
    { name: 'empties', type: { type: 'array', items: { type: 'record', name: 'None', fields: [] } } },
    { name: 'email', type: 'string' },
  ],
};
function zero(i) {
  return { id: i, nulls: new Array(i % 50).fill(null), empties: new Array((i * 7) % 40).fill({}), email: i % 3 ? `z${i}@example.com` : '' };
}

// ---------------------------------------------------------------------------
// Writing, reading back, expectations.

const typeOpts = () => ({ logicalTypes, registry: { long: bigLong }, wrapUnions: true });
const customerType = avro.Type.forSchema(customerSchema, typeOpts());
const customers = Array.from({ length: N }, (_, i) => customer(i));

// name: [schema or type, records, codec, blockSize]
const files = {
  'avsc-null': [customerType, customers, 'null', 4096],
  'avsc-deflate': [customerType, customers, 'deflate', 4096],
  'avsc-snappy': [customerType, customers, 'snappy', 4096],
  'avsc-bzip2': [customerType, customers, 'bzip2', 4096],
  'avsc-xz': [customerType, customers, 'xz', 4096],
  'avsc-zstandard': [customerType, customers, 'zstandard', 4096],
  // the same values: a record type writes its own fields and ignores the others
  'avsc-extra': [avro.Type.forSchema(extraSchema, typeOpts()), customers, 'null', 2048],
  'avsc-recursive': [docSchema, Array.from({ length: N }, (_, i) => doc(i)), 'deflate', 2048],
  'avsc-toplevel-union': [topSchema, Array.from({ length: N }, (_, i) => top(i)), 'snappy', 256],
  'avsc-zero-size': [zeroSchema, Array.from({ length: N }, (_, i) => zero(i)), 'null', 1024],
};

// write is avro.createFileEncoder (a BlockEncoder piped to a file), but
// collects the file to write it at once.
async function write(path, schema, records, codec, blockSize, name) {
  const enc = new avro.streams.BlockEncoder(schema, {
    codec, codecs: encoders, blockSize,
    syncMarker: createHash('sha256').update(name).digest().subarray(0, 16),
    metadata: { 'piiscan.writer': Buffer.from('avsc 5.7.9 (gen.mjs)') },
  });
  let blocks = 0;
  const chunks = [];
  enc.on('block', () => blocks++);
  enc.on('data', (c) => chunks.push(c));
  const done = once(enc, 'end');
  for (const r of records) if (!enc.write(r)) await once(enc, 'drain');
  enc.end();
  await done;
  writeFileSync(path, Buffer.concat(chunks));
  return blocks;
}

// read decodes path with avsc, parsing the header's schema as the writer
// did (a Type: with the logical types, BigInt longs and wrapped unions;
// a raw schema: avsc's defaults, plus the logical types for the
// expectations), and checks that it holds the records written, in order.
async function read(path, schema, records) {
  const writerType = avro.Type.isType(schema) ? schema : avro.Type.forSchema(schema);
  let readType;
  const got = [];
  const dec = avro.createFileDecoder(path, {
    codecs: decoders,
    parseHook: (s) => (readType = avro.Type.forSchema(s, avro.Type.isType(schema) ? typeOpts() : { logicalTypes })),
  });
  dec.on('data', (r) => got.push(r));
  await once(dec, 'end');
  if (got.length !== records.length) throw new Error(`${path}: ${got.length} records read, ${records.length} written`);
  got.forEach((r, i) => {
    if (!readType.toBuffer(r).equals(writerType.toBuffer(records[i]))) throw new Error(`${path}: record ${i} differs from the one written`);
  });
  return { readType, got };
}

for (const f of readdirSync(dir)) if (/\.(avro|expect)$/.test(f)) unlinkSync(join(dir, f));
let total = 0;
for (const [name, [schema, records, codec, blockSize]] of Object.entries(files)) {
  const path = join(dir, name + '.avro');
  const blocks = await write(path, schema, records, codec, blockSize, name);
  const { readType, got } = await read(path, schema, records);
  writeFileSync(join(dir, name + '.expect'), expectFile(name + '.avro', 'avsc 5.7.9', codec, blocks, readType, got));
  const size = readFileSync(path).length;
  total += size;
  console.log(`${name}.avro ${size} B, ${codec}, ${blocks} blocks, ${records.length} records`);
}
console.log(`total ${total} B`);
