package testcorpus

import (
	"archive/tar"
	"archive/zip"
	"bufio"
	"bytes"
	"encoding/binary"
	"hash/crc32"
	"strconv"
	"time"

	"github.com/hamba/avro/v2"
	"github.com/klauspost/compress/flate"
	ksnappy "github.com/klauspost/compress/snappy"
	zstdenc "github.com/klauspost/compress/zstd"
	pq "github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/snappy"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

// Columnar formats and archives. Values are planted through the same slots
// as the text formats (fileGen.slot), and locations are Macie's records
// (recordIndex: the 0-based row or record in the file; jsonPath from the
// row's root, list positions from 0). Struct field tags spell the column
// names for parquet, avro and json alike, so the audit can read a row back
// with the format's library and check it as a JSON record.

// pqCustomerRow is one row of the flat Parquet file. CardNumber is an
// INT64 column: a card stored as a number is still a card.
type pqCustomerRow struct {
	ID           int64  `parquet:"id" json:"id"`
	CustomerID   string `parquet:"customer_id" json:"customer_id"`
	Name         string `parquet:"name" json:"name"`
	Email        string `parquet:"email" json:"email"`
	CardNumber   *int64 `parquet:"card_number,optional" json:"card_number"`
	SSN          string `parquet:"ssn" json:"ssn"`
	IBAN         string `parquet:"iban" json:"iban"`
	PaymentToken string `parquet:"payment_token" json:"payment_token"`
	Notes        string `parquet:"notes" json:"notes"`
}

// pqAccountRow is one row of the nested Parquet file: a struct, a LIST of
// structs and a LIST of strings.
type pqAccountRow struct {
	UserID  int64       `parquet:"user_id" json:"user_id"`
	Contact pqContact   `parquet:"contact" json:"contact"`
	Wallet  []pqCardRow `parquet:"wallet,list" json:"wallet"`
	Tags    []string    `parquet:"tags,list" json:"tags"`
	Session pqSession   `parquet:"session" json:"session"`
	Comment string      `parquet:"comment,zstd" json:"comment"`
}

type pqContact struct {
	Email string `parquet:"email" json:"email"`
	Phone string `parquet:"phone" json:"phone"`
}

type pqCardRow struct {
	CardNumber string `parquet:"card_number,dict" json:"card_number"`
	Ref        string `parquet:"ref" json:"ref"`
}

type pqSession struct {
	JWT         string `parquet:"jwt" json:"jwt"`
	AccessKeyID string `parquet:"access_key_id" json:"access_key_id"`
	Secret      string `parquet:"aws_secret_access_key" json:"aws_secret_access_key"`
}

// rowGroups is how many row groups a Parquet file is cut into, so that
// row indexes are checked across row groups.
const rowGroups = 3

// slotText fills one slot, recording a plant at the JSON path of record
// idx.
func (g *fileGen) slotText(s slotKind, idx int64, path string) string {
	b, p := g.slot(nil, s)
	if p.planted() {
		g.record(p, Location{Record: &Record{RecordIndex: idx, JSONPath: path}})
	}
	return string(b)
}

// numericCard is an INT64 card column's value: a planted card (a label),
// a Luhn-invalid one (a hard negative), or null.
func (g *fileGen) numericCard(idx int64, path string) *int64 {
	u := float64(g.r.u64()>>11) * (1.0 / (1 << 53))
	loc := Location{Record: &Record{RecordIndex: idx, JSONPath: path}}
	var digits string
	var p plant
	switch {
	case u < g.pPos && g.room(TypeCreditCard):
		d, _ := cardDigits(g.r)
		digits, p = d, plant{typ: TypeCreditCard, value: d}
	case u < g.pPos+g.pNeg && g.room(NegLuhnInvalidCard):
		d := luhnInvalidCardDigits(g.r)
		digits, p = d, plant{neg: NegLuhnInvalidCard, value: d}
	default:
		return nil
	}
	if len(digits) > 18 || !g.unique(digits) {
		return nil // 19 digits may not fit an int64
	}
	v, err := strconv.ParseInt(digits, 10, 64)
	if err != nil {
		return nil
	}
	g.record(p, loc)
	return &v
}

// writeParquetCustomers writes the flat Parquet file: snappy, an INT64
// card column, several row groups.
func writeParquetCustomers(g *fileGen, w *bufio.Writer) error {
	pw := pq.NewGenericWriter[pqCustomerRow](w, pq.Compression(&snappy.Codec{}), pq.MaxRowsPerRowGroup(int64(max(1, (g.rows+rowGroups-1)/rowGroups))))
	rows := make([]pqCustomerRow, 0, 256)
	for i := 0; i < g.rows; i++ {
		idx := int64(i)
		rows = append(rows, pqCustomerRow{
			ID:           idx + 1,
			CustomerID:   g.slotText(slotUUID, idx, "$.customer_id"),
			Name:         g.personText(g.personName, idx, "$.name"),
			Email:        g.slotText(slotEmail, idx, "$.email"),
			CardNumber:   g.numericCard(idx, "$.card_number"),
			SSN:          g.slotText(slotSSN, idx, "$.ssn"),
			IBAN:         g.slotText(slotIBAN, idx, "$.iban"),
			PaymentToken: g.slotText(slotCardNeutral, idx, "$.payment_token"),
			Notes:        g.slotText(slotNotes, idx, "$.notes"),
		})
		if len(rows) == cap(rows) {
			if _, err := pw.Write(rows); err != nil {
				return err
			}
			rows = rows[:0]
		}
	}
	if _, err := pw.Write(rows); err != nil {
		return err
	}
	return pw.Close()
}

// writeParquetAccounts writes the nested Parquet file: zstd, structs and
// lists, several row groups.
func writeParquetAccounts(g *fileGen, w *bufio.Writer) error {
	pw := pq.NewGenericWriter[pqAccountRow](w, pq.Compression(&zstd.Codec{}), pq.MaxRowsPerRowGroup(int64(max(1, (g.rows+rowGroups-1)/rowGroups))))
	rows := make([]pqAccountRow, 0, 256)
	for i := 0; i < g.rows; i++ {
		idx := int64(i)
		row := pqAccountRow{
			UserID: int64(g.r.between(1, 999999)),
			Contact: pqContact{
				Email: g.slotText(slotEmail, idx, "$.contact.email"),
				Phone: g.slotText(slotPhone, idx, "$.contact.phone"),
			},
		}
		for c, n := 0, g.r.intn(3); c < n; c++ {
			at := "$.wallet[" + strconv.Itoa(c) + "]"
			row.Wallet = append(row.Wallet, pqCardRow{
				CardNumber: g.slotText(slotCardKeyword, idx, at+".card_number"),
				Ref:        g.slotText(slotCardNeutral, idx, at+".ref"),
			})
		}
		for t, n := 0, g.r.intn(3); t < n; t++ {
			row.Tags = append(row.Tags, pick(g.r, []string{"vip", "beta", "churn-risk", "newsletter", "b2b"}))
		}
		row.Session = pqSession{
			JWT:         g.slotText(slotJWT, idx, "$.session.jwt"),
			AccessKeyID: g.slotText(slotAWSKeyID, idx, "$.session.access_key_id"),
			Secret:      g.slotText(slotAWSSecret, idx, "$.session.aws_secret_access_key"),
		}
		row.Comment = g.slotText(slotNotes, idx, "$.comment")
		rows = append(rows, row)
		if len(rows) == cap(rows) {
			if _, err := pw.Write(rows); err != nil {
				return err
			}
			rows = rows[:0]
		}
	}
	if _, err := pw.Write(rows); err != nil {
		return err
	}
	return pw.Close()
}

// avroOrderSchema is the Avro files' schema: nested records and an array
// of records.
const avroOrderSchema = `{"type":"record","name":"Order","namespace":"piiscan.corpus","fields":[
 {"name":"order_id","type":"string"},
 {"name":"customer","type":{"type":"record","name":"Customer","fields":[
   {"name":"name","type":"string"},{"name":"email","type":"string"},{"name":"phone","type":"string"}]}},
 {"name":"payment","type":{"type":"record","name":"Payment","fields":[
   {"name":"card_number","type":"string"},{"name":"ref","type":"string"},{"name":"iban","type":"string"}]}},
 {"name":"items","type":{"type":"array","items":{"type":"record","name":"Item","fields":[
   {"name":"sku","type":"string"},{"name":"qty","type":"long"}]}}},
 {"name":"auth","type":{"type":"record","name":"Auth","fields":[{"name":"token","type":"string"}]}},
 {"name":"note","type":"string"}
]}`

type avroOrder struct {
	OrderID  string       `avro:"order_id" json:"order_id"`
	Customer avroCustomer `avro:"customer" json:"customer"`
	Payment  avroPayment  `avro:"payment" json:"payment"`
	Items    []avroItem   `avro:"items" json:"items"`
	Auth     avroAuth     `avro:"auth" json:"auth"`
	Note     string       `avro:"note" json:"note"`
}

type avroCustomer struct {
	Name  string `avro:"name" json:"name"`
	Email string `avro:"email" json:"email"`
	Phone string `avro:"phone" json:"phone"`
}

type avroPayment struct {
	CardNumber string `avro:"card_number" json:"card_number"`
	Ref        string `avro:"ref" json:"ref"`
	IBAN       string `avro:"iban" json:"iban"`
}

type avroItem struct {
	SKU string `avro:"sku" json:"sku"`
	Qty int64  `avro:"qty" json:"qty"`
}

type avroAuth struct {
	Token string `avro:"token" json:"token"`
}

// writeAvroOrders returns a writer of an Avro object container file of
// orders compressed with codec ("null", "deflate", "snappy", "zstandard"),
// in blocks of 100 records. Records are encoded by hamba/avro; the
// container is framed here because hamba's OCF encoder writes the header's
// metadata map in Go's random map order, and the corpus must be
// byte-identical from run to run.
func writeAvroOrders(codec string) func(g *fileGen, w *bufio.Writer) error {
	return func(g *fileGen, w *bufio.Writer) error {
		schema, err := avro.Parse(avroOrderSchema)
		if err != nil {
			return err
		}
		var sync [16]byte
		copy(sync[:], g.r.bytes(16))
		var hdr []byte
		hdr = append(hdr, "Obj\x01"...)
		hdr = binary.AppendVarint(hdr, 2) // two metadata entries, in a fixed order
		for _, kv := range [][2]string{{"avro.codec", codec}, {"avro.schema", schema.String()}} {
			for _, s := range kv {
				hdr = binary.AppendVarint(hdr, int64(len(s)))
				hdr = append(hdr, s...)
			}
		}
		hdr = binary.AppendVarint(hdr, 0)
		hdr = append(hdr, sync[:]...)
		if _, err := w.Write(hdr); err != nil {
			return err
		}
		var block []byte
		count := 0
		flush := func() error {
			if count == 0 {
				return nil
			}
			data, err := compressAvroBlock(codec, block)
			if err != nil {
				return err
			}
			out := binary.AppendVarint(nil, int64(count))
			out = binary.AppendVarint(out, int64(len(data)))
			out = append(append(out, data...), sync[:]...)
			block, count = block[:0], 0
			_, err = w.Write(out)
			return err
		}
		for i := 0; i < g.rows; i++ {
			idx := int64(i)
			o := avroOrder{
				OrderID:  g.slotText(slotOrderID, idx, "$.order_id"),
				Customer: avroCustomer{Name: g.personText(g.personName, idx, "$.customer.name"), Email: g.slotText(slotEmail, idx, "$.customer.email"), Phone: g.slotText(slotPhone, idx, "$.customer.phone")},
				Payment: avroPayment{
					CardNumber: g.slotText(slotCardKeyword, idx, "$.payment.card_number"),
					Ref:        g.slotText(slotCardNeutral, idx, "$.payment.ref"),
					IBAN:       g.slotText(slotIBAN, idx, "$.payment.iban"),
				},
				Auth: avroAuth{Token: g.slotText(slotJWT, idx, "$.auth.token")},
				Note: g.slotText(slotNotes, idx, "$.note"),
			}
			for it, n := 0, 1+g.r.intn(3); it < n; it++ {
				o.Items = append(o.Items, avroItem{SKU: pick(g.r, skus), Qty: int64(g.r.between(1, 5))})
			}
			rec, err := avro.Marshal(schema, &o)
			if err != nil {
				return err
			}
			block = append(block, rec...)
			if count++; count == 100 {
				if err := flush(); err != nil {
					return err
				}
			}
		}
		return flush()
	}
}

// compressAvroBlock compresses one block as the Avro specification says
// for codec.
func compressAvroBlock(codec string, b []byte) ([]byte, error) {
	switch codec {
	case "deflate":
		var buf bytes.Buffer
		fw, err := flate.NewWriter(&buf, flate.DefaultCompression)
		if err != nil {
			return nil, err
		}
		fw.Write(b)
		if err := fw.Close(); err != nil {
			return nil, err
		}
		return buf.Bytes(), nil
	case "snappy":
		out := ksnappy.Encode(nil, b)
		return binary.BigEndian.AppendUint32(out, crc32.ChecksumIEEE(b)), nil
	case "zstandard":
		enc, err := zstdenc.NewWriter(nil, zstdenc.WithEncoderConcurrency(1))
		if err != nil {
			return nil, err
		}
		defer enc.Close()
		return enc.EncodeAll(b, nil), nil
	}
	return append([]byte(nil), b...), nil
}

// memberTime is every archive member's modification time, so that
// archives are byte-identical across runs.
var memberTime = time.Date(2026, 11, 1, 12, 0, 0, 0, time.UTC)

// archiveMember is one file to put in an archive: its path and the writer
// of its content (one of the table's writers, or a nested archive's).
type archiveMember struct {
	name  string
	write func(g *fileGen, w *bufio.Writer) error
}

// member runs m's writer with half the file's rows and returns its bytes;
// the labels and negatives it planted get Location.Embedded = prefix+name.
func (g *fileGen) member(m archiveMember, prefix string) ([]byte, error) {
	rows := g.rows
	g.rows = max(1, rows/2)
	defer func() { g.rows = rows }()
	nl, nn := len(g.labels), len(g.negatives)
	var buf bytes.Buffer
	w := bufio.NewWriter(&buf)
	if err := m.write(g, w); err != nil {
		return nil, err
	}
	if err := w.Flush(); err != nil {
		return nil, err
	}
	for i := nl; i < len(g.labels); i++ {
		g.labels[i].Location.Embedded = prefix + m.name + embeddedSuffix(g.labels[i].Location.Embedded)
	}
	for i := nn; i < len(g.negatives); i++ {
		g.negatives[i].Location.Embedded = prefix + m.name + embeddedSuffix(g.negatives[i].Location.Embedded)
	}
	return buf.Bytes(), nil
}

// embeddedSuffix continues a member path with the path inside it, for a
// member that is itself an archive.
func embeddedSuffix(inner string) string {
	if inner == "" {
		return ""
	}
	return "/" + inner
}

// writeZipOf returns a writer of a zip archive of members (deflated).
func writeZipOf(members ...archiveMember) func(g *fileGen, w *bufio.Writer) error {
	return func(g *fileGen, w *bufio.Writer) error {
		zw := zip.NewWriter(w)
		for _, m := range members {
			data, err := g.member(m, "")
			if err != nil {
				return err
			}
			f, err := zw.CreateHeader(&zip.FileHeader{Name: m.name, Method: zip.Deflate, Modified: memberTime})
			if err != nil {
				return err
			}
			if _, err := f.Write(data); err != nil {
				return err
			}
		}
		return zw.Close()
	}
}

// writeTarOf returns a writer of a tar archive of members (the table row
// gzips it).
func writeTarOf(members ...archiveMember) func(g *fileGen, w *bufio.Writer) error {
	return func(g *fileGen, w *bufio.Writer) error {
		tw := tar.NewWriter(w)
		for _, m := range members {
			data, err := g.member(m, "")
			if err != nil {
				return err
			}
			hdr := &tar.Header{Name: m.name, Typeflag: tar.TypeReg, Mode: 0o644, Size: int64(len(data)), ModTime: memberTime, Format: tar.FormatPAX}
			if err := tw.WriteHeader(hdr); err != nil {
				return err
			}
			if _, err := tw.Write(data); err != nil {
				return err
			}
		}
		return tw.Close()
	}
}
