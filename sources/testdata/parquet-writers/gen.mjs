// gen.mjs writes the Parquet fixtures of this directory with two writers
// that are not parquet-go: DuckDB (its own C++ writer) and arrow-rs (the
// Rust parquet crate, through parquet-wasm), and next to each fixture the
// values piiscan must scan out of it (<name>.expect), derived here from the
// rows written, never by running piiscan. See README.md.
//
//	npm install && node gen.mjs
import { DuckDBInstance } from '@duckdb/node-api';
import * as arrow from 'apache-arrow';
import * as pw from 'parquet-wasm';
import { digest, isText, scaled } from '../writers-expect.mjs';
import { readFileSync, writeFileSync, readdirSync, unlinkSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = dirname(fileURLToPath(import.meta.url));
const N = 200;

// ---------------------------------------------------------------------------
// The rows: the same logical data goes into every fixture.

const EPOCH_2020_DAYS = 18262; // 2020-01-01
const EPOCH_2020_MICROS = 1577836800n * 1000000n;

function shortest(x) { // strconv.FormatFloat(x, 'f', -1, 64) for the values used here
  const s = String(x);
  if (/e/i.test(s) || Object.is(x, -0)) throw new Error(`float ${s} needs Go's formatting`);
  return s;
}

const rows = [];
for (let i = 0; i < N; i++) {
  const b = BigInt(i);
  const raw = Buffer.concat([Buffer.from(`blob-${i}`), Buffer.from([0x80 | (i % 128), 0xff, 0x01])]);
  rows.push({
    id: b,
    email: `user${i}@example.com`,
    card_text: i % 3 === 0 ? null : `4111 1111 1111 ${String(1111 + i).padStart(4, '0')}`,
    card_int: 4111111111111111n + b,
    amount: (b - 100n) * 100n + (i % 2 ? 5n : -5n), // DECIMAL(18,2): i=100 is -0.05
    wide_amount: (b - 100n) * 12345678901234567890123456n + b, // DECIMAL(38,10): past 64 bits
    small_dec: (b - 100n) * 1001n, // DECIMAL(9,3)
    ratio: (i - 100) / 3, // DOUBLE
    ratio32: (i - 100) / 4, // FLOAT: exact in 32 bits
    born: EPOCH_2020_DAYS + i, // DATE
    seen: EPOCH_2020_MICROS + b * 60000000n, // TIMESTAMP(MICROS)
    uid: `a0eebc99-9c0b-4ef8-bb6d-${(0x6bb9bd380a00 + i).toString(16)}`,
    raw,
    // list<string>: null, empty, with a null element, plain
    tags: i % 4 === 3 ? null : i % 4 === 2 ? [] : i % 5 === 0 ? [`tag${i}`, null, `z${i}`] : [`tag${i}`, `x${i * 2}`],
    // struct<name, ssn>: null struct, null member
    person: i % 7 === 6 ? null : { name: `Name ${i}`, ssn: i % 2 ? `123-45-${String(i).padStart(4, '0')}` : null },
    // map<string,string>: null map, null value
    attrs: i % 3 === 2 ? null : [['k', `v${i}`], ['city', i % 2 ? `City ${i}` : null]],
    flag: i % 2 === 0,
    // an empty string is a value with nothing to scan: piiscan emits none
    status: i % 10 === 9 ? '' : ['OPEN', 'SHUT', 'WAIT'][i % 3],
  });
}
for (const r of rows) {
  if (Math.fround(r.ratio32) !== r.ratio32) throw new Error('ratio32 not exact');
}

// ---------------------------------------------------------------------------
// What piiscan must emit: per field template, (row, concrete path, value).
// Checked against sources/parquet.go: integers as decimal text, decimals
// with their point (appendScaled, appendDecimal), FLOAT/DOUBLE with
// strconv 'f', -1, UUID canonical lowercase (appendUUID), a
// FIXED_LEN_BYTE_ARRAY without a logical type as its raw bytes, strings
// and binaries raw; nulls and empty byte arrays emit nothing; BOOLEAN,
// DATE, TIME and TIMESTAMP columns are not read.

function expected(uuidAnnotated) {
  const out = new Map();
  const add = (field, row, path, value) => {
    const v = Buffer.isBuffer(value) ? value : Buffer.from(value);
    if (v.length === 0) return;
    if (!out.has(field)) out.set(field, []);
    out.get(field).push({ row, path, value: v });
  };
  rows.forEach((r, i) => {
    add('$.id', i, '$.id', r.id.toString());
    add('$.email', i, '$.email', r.email);
    if (r.card_text !== null) add('$.card_text', i, '$.card_text', r.card_text);
    add('$.card_int', i, '$.card_int', r.card_int.toString());
    add('$.amount', i, '$.amount', scaled(r.amount, 2));
    add('$.wide_amount', i, '$.wide_amount', scaled(r.wide_amount, 10));
    add('$.small_dec', i, '$.small_dec', scaled(r.small_dec, 3));
    add('$.ratio', i, '$.ratio', shortest(r.ratio));
    add('$.ratio32', i, '$.ratio32', shortest(r.ratio32));
    add('$.uid', i, '$.uid', uuidAnnotated ? r.uid : uuidBytes(r.uid));
    add('$.raw', i, '$.raw', r.raw);
    (r.tags ?? []).forEach((t, j) => { if (t !== null) add('$.tags[]', i, `$.tags[${j}]`, t); });
    if (r.person) {
      if (r.person.name !== null) add('$.person.name', i, '$.person.name', r.person.name);
      if (r.person.ssn !== null) add('$.person.ssn', i, '$.person.ssn', r.person.ssn);
    }
    (r.attrs ?? []).forEach(([k, v], j) => {
      add('$.attrs[].key', i, `$.attrs[${j}].key`, k);
      if (v !== null) add('$.attrs[].value', i, `$.attrs[${j}].value`, v);
    });
    add('$.status', i, '$.status', r.status);
  });
  return out;
}

function uuidBytes(u) { return Buffer.from(u.replace(/-/g, ''), 'hex'); }

function expectFile(file, writer, uuidAnnotated) {
  const fields = {};
  for (const [field, vals] of [...expected(uuidAnnotated)].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const values = vals.map((x) => x.value);
    const located = vals.map((x) => Buffer.concat([Buffer.from(`${x.row}\t${x.path}\t`), x.value]));
    const sorted = [...values].sort(Buffer.compare);
    // a handful of values: the smallest, the largest, and rows 0, 1, 100 and 199
    const picks = [sorted[0], sorted[1], sorted[sorted.length - 1]];
    for (const row of [0, 1, 100, 199]) for (const x of vals) if (x.row === row) picks.push(x.value);
    const uniq = [...new Map(picks.map((p) => [p.toString('hex'), p])).values()];
    const f = { count: values.length, values_sha256: digest(values), located_sha256: digest(located) };
    if (uniq.every(isText)) f.samples = uniq.map((p) => p.toString('utf8'));
    else f.samples_hex = uniq.map((p) => p.toString('hex'));
    fields[field] = f;
  }
  return JSON.stringify({ file, writer, rows: N, uuid_annotated: uuidAnnotated, fields }, null, 1) + '\n';
}

// ---------------------------------------------------------------------------
// DuckDB

const sql = (s) => `'${s.replace(/'/g, "''")}'`;
const blob = (b) => `'${[...b].map((c) => '\\x' + c.toString(16).padStart(2, '0').toUpperCase()).join('')}'::BLOB`;
const orNull = (v, f) => (v === null ? 'NULL' : f(v));

const inst = await DuckDBInstance.create(':memory:', { threads: '1' });
const db = await inst.connect();
await db.run(`CREATE TABLE t (
  id BIGINT NOT NULL, email VARCHAR, card_text VARCHAR, card_int BIGINT,
  amount DECIMAL(18,2), wide_amount DECIMAL(38,10), small_dec DECIMAL(9,3),
  ratio DOUBLE, ratio32 FLOAT, born DATE, seen TIMESTAMP, uid UUID, raw BLOB,
  tags VARCHAR[], person STRUCT(name VARCHAR, ssn VARCHAR), attrs MAP(VARCHAR, VARCHAR),
  flag BOOLEAN, status VARCHAR)`);
const tuples = rows.map((r, i) => `(${[
  r.id, sql(r.email), orNull(r.card_text, sql), r.card_int,
  `${sql(scaled(r.amount, 2))}::DECIMAL(18,2)`, `${sql(scaled(r.wide_amount, 10))}::DECIMAL(38,10)`, `${sql(scaled(r.small_dec, 3))}::DECIMAL(9,3)`,
  `(${i - 100})::DOUBLE / 3`, `(${r.ratio32})::FLOAT`,
  `DATE '2020-01-01' + ${i}`, `TIMESTAMP '2020-01-01 00:00:00' + INTERVAL (${i}) MINUTE`,
  `${sql(r.uid)}::UUID`, blob(r.raw),
  orNull(r.tags, (l) => `[${l.map((x) => orNull(x, sql)).join(', ')}]::VARCHAR[]`),
  orNull(r.person, (p) => `{'name': ${orNull(p.name, sql)}, 'ssn': ${orNull(p.ssn, sql)}}`),
  orNull(r.attrs, (m) => `MAP {${m.map(([k, v]) => `${sql(k)}: ${orNull(v, sql)}`).join(', ')}}::MAP(VARCHAR, VARCHAR)`),
  r.flag, sql(r.status),
].join(', ')})`);
await db.run(`INSERT INTO t VALUES ${tuples.join(',\n')}`);

// Every fixture is read back by DuckDB and compared with table t, row by
// row in file order, so that the expectations are those of the data the
// writer really wrote.
async function verify(path) {
  const schema = (await db.runAndReadAll(`SELECT name, logical_type, type FROM parquet_schema(${sql(path)})`)).getRowObjectsJson();
  const uidCol = schema.find((c) => c.name === 'uid');
  const uuidAnnotated = /UUID/i.test(String(uidCol.logical_type));
  const canon = (from, uidExpr) => `SELECT id, email, card_text, card_int, amount::VARCHAR a, wide_amount::VARCHAR w, small_dec::VARCHAR s,
    ratio, ratio32, born, seen::VARCHAR seen, ${uidExpr} uid, hex(raw) raw, tags::VARCHAR tags,
    person::VARCHAR person, map_entries(attrs)::VARCHAR attrs, flag, status FROM ${from}`;
  const mine = canon('t', "replace(uid::VARCHAR, '-', '')");
  const theirs = canon(`read_parquet(${sql(path)})`, uuidAnnotated ? "replace(uid::VARCHAR, '-', '')" : 'lower(hex(uid))');
  const diff = (await db.runAndReadAll(`SELECT count(*)::INTEGER n FROM ((${mine} EXCEPT ALL ${theirs}) UNION ALL (${theirs} EXCEPT ALL ${mine}))`)).getRowObjectsJson();
  if (diff[0].n !== 0) throw new Error(`${path}: ${diff[0].n} rows differ from the table written`);
  const order = (await db.runAndReadAll(`SELECT count(*)::INTEGER n FROM read_parquet(${sql(path)}, file_row_number = true) WHERE id <> file_row_number`)).getRowObjectsJson();
  if (order[0].n !== 0) throw new Error(`${path}: rows out of order`);
  const meta = (await db.runAndReadAll(`SELECT DISTINCT row_group_id, compression, encodings FROM parquet_metadata(${sql(path)}) ORDER BY ALL`)).getRowObjectsJson();
  const createdBy = (await db.runAndReadAll(`SELECT created_by FROM parquet_file_metadata(${sql(path)})`)).getRowObjectsJson()[0].created_by;
  return { uuidAnnotated, createdBy, rowGroups: new Set(meta.map((m) => m.row_group_id)).size,
    compressions: [...new Set(meta.map((m) => m.compression))], encodings: [...new Set(meta.map((m) => m.encodings))] };
}

for (const f of readdirSync(dir)) if (/\.(parquet|expect)$/.test(f)) unlinkSync(join(dir, f));

const written = [];
const duckdb = {
  'duckdb-snappy': 'COMPRESSION snappy',
  'duckdb-zstd': 'COMPRESSION zstd',
  'duckdb-gzip': 'COMPRESSION gzip',
  'duckdb-brotli': 'COMPRESSION brotli',
  'duckdb-lz4raw': 'COMPRESSION lz4_raw',
  'duckdb-uncompressed': 'COMPRESSION uncompressed',
  'duckdb-v2': 'COMPRESSION snappy, PARQUET_VERSION v2',
  'duckdb-rowgroups': 'COMPRESSION snappy, ROW_GROUP_SIZE 64',
};
// DuckDB cuts row groups only between the chunks it is given (2048 rows
// from a table scan): the row groups fixture is made of 64-row slices.
const slices = [0, 1, 2, 3].map((k) => `SELECT * FROM t WHERE id >= ${k * 64} AND id < ${(k + 1) * 64}`).join(' UNION ALL ');
for (const [name, opts] of Object.entries(duckdb)) {
  const src = name === 'duckdb-rowgroups' ? slices : 'SELECT * FROM t ORDER BY id';
  await db.run(`COPY (${src}) TO ${sql(join(dir, name + '.parquet'))} (FORMAT parquet, ${opts})`);
  written.push(name);
}

// ---------------------------------------------------------------------------
// arrow-rs through parquet-wasm: the rows as an Arrow table (apache-arrow),
// handed over as IPC.

function decimalData(type, vals) {
  const words = new Uint32Array(vals.length * 4);
  vals.forEach((v, k) => {
    let u = BigInt.asUintN(128, v);
    for (let w = 0; w < 4; w++) { words[k * 4 + w] = Number(u & 0xffffffffn); u >>= 32n; }
  });
  return arrow.makeData({ type, length: vals.length, nullCount: 0, data: words });
}

function arrowTable() {
  const utf8 = () => new arrow.Utf8();
  const F = (name, type, nullable = true, metadata) => new arrow.Field(name, type, nullable, metadata);
  const personType = new arrow.Struct([F('name', utf8()), F('ssn', utf8())]);
  const attrsType = new arrow.Map_(F('entries', new arrow.Struct([F('key', utf8(), false), F('value', utf8())]), false), false);
  const uuidType = new arrow.FixedSizeBinary(16);
  const uidBytes = new Uint8Array(N * 16);
  rows.forEach((r, i) => uidBytes.set(uuidBytes(r.uid), i * 16));
  const cols = [
    [F('id', new arrow.Int64(), false), arrow.vectorFromArray(rows.map((r) => r.id), new arrow.Int64()).data[0]],
    [F('email', utf8()), arrow.vectorFromArray(rows.map((r) => r.email), utf8()).data[0]],
    [F('card_text', utf8()), arrow.vectorFromArray(rows.map((r) => r.card_text), utf8()).data[0]],
    [F('card_int', new arrow.Int64()), arrow.vectorFromArray(rows.map((r) => r.card_int), new arrow.Int64()).data[0]],
    [F('amount', new arrow.Decimal(2, 18, 128)), decimalData(new arrow.Decimal(2, 18, 128), rows.map((r) => r.amount))],
    [F('wide_amount', new arrow.Decimal(10, 38, 128)), decimalData(new arrow.Decimal(10, 38, 128), rows.map((r) => r.wide_amount))],
    [F('small_dec', new arrow.Decimal(3, 9, 128)), decimalData(new arrow.Decimal(3, 9, 128), rows.map((r) => r.small_dec))],
    [F('ratio', new arrow.Float64()), arrow.vectorFromArray(rows.map((r) => r.ratio), new arrow.Float64()).data[0]],
    [F('ratio32', new arrow.Float32()), arrow.vectorFromArray(rows.map((r) => r.ratio32), new arrow.Float32()).data[0]],
    [F('born', new arrow.DateDay()), arrow.makeData({ type: new arrow.DateDay(), length: N, nullCount: 0, data: Int32Array.from(rows.map((r) => r.born)) })],
    [F('seen', new arrow.TimestampMicrosecond()), arrow.makeData({ type: new arrow.TimestampMicrosecond(), length: N, nullCount: 0, data: BigInt64Array.from(rows.map((r) => r.seen)) })],
    [F('uid', uuidType, true, new Map([['ARROW:extension:name', 'arrow.uuid'], ['ARROW:extension:metadata', '']])),
      arrow.makeData({ type: uuidType, length: N, nullCount: 0, data: uidBytes })],
    [F('raw', new arrow.Binary()), arrow.vectorFromArray(rows.map((r) => new Uint8Array(r.raw)), new arrow.Binary()).data[0]],
    [F('tags', new arrow.List(F('element', utf8()))), arrow.vectorFromArray(rows.map((r) => r.tags), new arrow.List(F('element', utf8()))).data[0]],
    [F('person', personType), arrow.vectorFromArray(rows.map((r) => r.person), personType).data[0]],
    [F('attrs', attrsType), arrow.vectorFromArray(rows.map((r) => (r.attrs === null ? null : new Map(r.attrs))), attrsType).data[0]],
    [F('flag', new arrow.Bool()), arrow.vectorFromArray(rows.map((r) => r.flag), new arrow.Bool()).data[0]],
    [F('status', utf8()), arrow.vectorFromArray(rows.map((r) => r.status), utf8()).data[0]],
  ];
  const schema = new arrow.Schema(cols.map(([f]) => f));
  const batch = new arrow.RecordBatch(schema, arrow.makeData({
    type: new arrow.Struct(schema.fields), length: N, nullCount: 0, children: cols.map(([, d]) => d),
  }));
  return new arrow.Table([batch]);
}

const ipc = arrow.tableToIPC(arrowTable(), 'stream');
const E = pw.Encoding;
const arrowrs = {
  // data page v1, snappy, dictionaries (small ones, so that some column
  // chunks fall back to plain pages after their dictionary page), several
  // row groups and small data pages
  'arrowrs-v1-snappy': (b) => b.setWriterVersion(pw.WriterVersion.V1).setCompression(pw.Compression.SNAPPY)
    .setMaxRowGroupSize(80).setDataPageSizeLimit(512).setWriteBatchSize(32).setDictionaryPageSizeLimit(512),
  // data page v2 without dictionaries: DELTA_BINARY_PACKED integers,
  // DELTA_BYTE_ARRAY and DELTA_LENGTH_BYTE_ARRAY byte arrays,
  // DELTA_BYTE_ARRAY fixed-length decimals and UUIDs, BYTE_STREAM_SPLIT floats
  'arrowrs-v2-delta': (b) => {
    b = b.setWriterVersion(pw.WriterVersion.V2).setCompression(pw.Compression.SNAPPY).setDictionaryEnabled(false)
      .setDataPageSizeLimit(1024).setWriteBatchSize(64)
      // the nested leaves (tags, person, attrs) cannot be named with
      // setColumnEncoding (one path component only): they take this default
      .setEncoding(E.DELTA_LENGTH_BYTE_ARRAY);
    for (const c of ['id', 'card_int', 'amount', 'small_dec', 'born', 'seen']) b = b.setColumnEncoding(c, E.DELTA_BINARY_PACKED);
    for (const c of ['email', 'status']) b = b.setColumnEncoding(c, E.DELTA_BYTE_ARRAY);
    for (const c of ['card_text', 'raw']) b = b.setColumnEncoding(c, E.DELTA_LENGTH_BYTE_ARRAY);
    // BYTE_STREAM_SPLIT: arrow-rs refuses it for FIXED_LEN_BYTE_ARRAY
    for (const c of ['ratio', 'ratio32']) b = b.setColumnEncoding(c, E.BYTE_STREAM_SPLIT);
    for (const c of ['wide_amount', 'uid']) b = b.setColumnEncoding(c, E.DELTA_BYTE_ARRAY);
    return b.setColumnEncoding('flag', E.RLE);
  },
  // LZ4_RAW with the writer's defaults (dictionaries on, data page v1)
  'arrowrs-lz4raw': (b) => b.setCompression(pw.Compression.LZ4_RAW),
  // LZ4_RAW, data page v2, no dictionaries: every page is a data page, in
  // the writer's v2 defaults (DELTA_BINARY_PACKED, DELTA_BYTE_ARRAY)
  'arrowrs-lz4raw-v2': (b) => b.setWriterVersion(pw.WriterVersion.V2).setCompression(pw.Compression.LZ4_RAW)
    .setDictionaryEnabled(false),
  // data page v1, zstd, no dictionaries: PLAIN everywhere
  'arrowrs-zstd-plain': (b) => b.setWriterVersion(pw.WriterVersion.V1).setCompression(pw.Compression.ZSTD)
    .setDictionaryEnabled(false),
};
for (const [name, props] of Object.entries(arrowrs)) {
  const table = pw.Table.fromIPCStream(ipc);
  const builder = props(new pw.WriterPropertiesBuilder()).setCreatedBy('parquet-rs (parquet-wasm 0.8.0)');
  writeFileSync(join(dir, name + '.parquet'), pw.writeParquet(table, builder.build()));
  written.push(name);
}

// ---------------------------------------------------------------------------

let total = 0;
for (const name of written) {
  const path = join(dir, name + '.parquet');
  const v = await verify(path);
  writeFileSync(join(dir, name + '.expect'), expectFile(name + '.parquet', v.createdBy, v.uuidAnnotated));
  const size = readFileSync(path).length;
  total += size;
  console.log(`${name}.parquet ${size} B, ${v.rowGroups} row groups, ${v.compressions.join('/')}, uuid ${v.uuidAnnotated ? 'annotated' : 'plain FLBA'}; ${v.createdBy}`);
  console.log(`  encodings: ${v.encodings.join(' | ')}`);
}
console.log(`total ${total} B`);
