package testcorpus

// The sample data in sample/ is what the README's quick start scans. It is
// written by buildSample below: hand-written rows and sentences, with every
// identifier drawn from the generator's value functions (so it follows the
// rules) under a fixed seed. TestSample checks the committed files are what
// buildSample writes and that the audit agrees with the sample manifest;
// `go test ./testcorpus -run TestSample -update` rewrites them.

import (
	"bytes"
	"compress/gzip"
	"flag"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

var update = flag.Bool("update", false, "rewrite testcorpus/sample and testdata/sample_manifest.json")

const (
	sampleDir          = "sample"
	sampleManifestPath = "testdata/sample_manifest.json"
)

// sampleBuilder collects sample files and their labels.
type sampleBuilder struct {
	r     *rng
	files map[string][]byte
	m     *Manifest
	seen  map[string]bool
}

func (s *sampleBuilder) unique(gen func(*rng) string) string {
	for {
		if v := gen(s.r); !s.seen[v] {
			s.seen[v] = true
			return v
		}
	}
}

func (s *sampleBuilder) card(issuer string) string {
	return s.unique(func(r *rng) string {
		for {
			d, is := cardDigits(r)
			if is.name == issuer {
				return formatCard(r, d)
			}
		}
	})
}

func (s *sampleBuilder) add(path, format string, data []byte) {
	s.files[path] = data
	s.m.Files = append(s.m.Files, FileInfo{Path: path, Format: format, Size: int64(len(data))})
}

func (s *sampleBuilder) label(file, typ string, loc Location, value string) {
	s.m.Labels = append(s.m.Labels, Label{File: file, Type: typ, Location: loc, value: value})
}

func (s *sampleBuilder) negative(file, kind string, loc Location, value string) {
	s.m.Negatives = append(s.m.Negatives, Negative{File: file, Kind: kind, Location: loc, value: value})
}

// textDoc builds a text file line by line; mark records a value on the
// line being built.
type textDoc struct {
	s     *sampleBuilder
	path  string
	lines []string
}

func (d *textDoc) line(l string) { d.lines = append(d.lines, l) }

// plant adds a line before+value+after and labels (typ) or lists (neg)
// value there.
func (d *textDoc) plant(before, value, after, typ, neg string) {
	n := int64(len(d.lines) + 1)
	loc := Location{LineRange: &LineRange{Start: n, End: n, StartColumn: int64(utf8.RuneCountInString(before)) + 1}}
	if typ != "" {
		d.s.label(d.path, typ, loc, value)
	} else {
		d.s.negative(d.path, neg, loc, value)
	}
	d.line(before + value + after)
}

func (d *textDoc) block(lines []string, typ, neg string) {
	start := int64(len(d.lines) + 1)
	loc := Location{LineRange: &LineRange{Start: start, End: start + int64(len(lines)) - 1, StartColumn: 1}}
	if typ != "" {
		d.s.label(d.path, typ, loc, lines[0])
	} else {
		d.s.negative(d.path, neg, loc, lines[0])
	}
	d.lines = append(d.lines, lines...)
}

func (d *textDoc) bytes() []byte { return []byte(strings.Join(d.lines, "\n") + "\n") }

// tableDoc builds a CSV or TSV file; a cell given as a planted value is
// labeled or listed at its row and column.
type tableDoc struct {
	s      *sampleBuilder
	path   string
	sep    string
	header []string
	rows   [][]string
}

type pv struct{ value, typ, neg string } // a planted value in a table or JSON

func (t *tableDoc) row(cells ...any) {
	rowNo := int64(len(t.rows) + 2)
	out := make([]string, len(cells))
	for i, c := range cells {
		switch v := c.(type) {
		case string:
			out[i] = v
		case pv:
			out[i] = v.value
			loc := Location{Cell: &Cell{Row: rowNo, Column: int64(i) + 1, ColumnName: t.header[i]}}
			if v.typ != "" {
				t.s.label(t.path, v.typ, loc, v.value)
			} else {
				t.s.negative(t.path, v.neg, loc, v.value)
			}
		}
	}
	t.rows = append(t.rows, out)
}

// sentence plants value inside a cell's text: the label is the cell.
func sentence(before string, v pv, after string) pv {
	return pv{value: before + v.value + after, typ: v.typ, neg: v.neg}
}

func (t *tableDoc) bytes() []byte {
	var b bytes.Buffer
	write := func(cells []string) {
		for i, c := range cells {
			if i > 0 {
				b.WriteString(t.sep)
			}
			if t.sep == "," && strings.ContainsAny(c, ",\"\n") {
				c = `"` + strings.ReplaceAll(c, `"`, `""`) + `"`
			}
			b.WriteString(c)
		}
		b.WriteByte('\n')
	}
	write(t.header)
	for _, r := range t.rows {
		write(r)
	}
	return b.Bytes()
}

// jsonMark records a planted value at a JSON path and returns the value
// quoted for the document.
func (s *sampleBuilder) jsonMark(file string, index int64, path string, v pv) string {
	loc := Location{Record: &Record{RecordIndex: index, JSONPath: path}}
	if v.typ != "" {
		s.label(file, v.typ, loc, v.value)
	} else {
		s.negative(file, v.neg, loc, v.value)
	}
	return `"` + v.value + `"`
}

// ibanOf is iban, which buildSample's own iban (German) hides.
var ibanOf = iban

func buildSample() (map[string][]byte, *Manifest) {
	s := &sampleBuilder{r: newRNG(2024, 11), files: map[string][]byte{}, m: &Manifest{Seed: 2024}, seen: map[string]bool{}}
	r := s.r
	kw := func(v string, typ string) pv { return pv{value: v, typ: typ} }
	neg := func(v string, kind string) pv { return pv{value: v, neg: kind} }
	ssn := func() string { return s.unique(validSSN) }
	iban := func() string { return s.unique(germanIBAN) }

	// customers.csv: a CRM export.
	cust := &tableDoc{s: s, path: "customers.csv", sep: ",", header: []string{"id", "name", "email", "city", "signup_date", "card_number", "ssn", "notes"}}
	cust.row("1", "Maria Schneider", kw("maria.schneider@web.de", TypeEmail), "Berlin", "2023-02-14", kw(s.card("visa"), TypeCreditCard), "", "Prefers contact by email")
	cust.row("2", "James O'Connor", kw("james.oconnor@gmail.com", TypeEmail), "San Francisco", "2023-03-01", "", kw(ssn(), TypeSSN), "")
	cust.row("3", "Sofia Rossi", kw("s.rossi@tailspin.it", TypeEmail), "Milano", "2023-03-09", kw(s.card("mastercard"), TypeCreditCard), "", "VIP, renewal due in May")
	cust.row("4", "Lukas Weber", "", "München", "2023-04-22", neg(formatCard(r, luhnInvalidCardDigits(r)), NegLuhnInvalidCard), "", "Card was declined, asked for a new one")
	cust.row("5", "Emily Chen", kw("emily.chen@outlook.com", TypeEmail), "New York", "2023-05-05", "", neg("666-12-3456", NegSSNInvalidArea), "Check the application form again")
	cust.row("6", "Ahmed Hassan", kw("ahmed.hassan@proton.me", TypeEmail), "London", "2023-06-18", kw(s.card("amex"), TypeCreditCard), kw(ssn(), TypeSSN), "")
	cust.row("7", "Chloé Dubois", "", "Paris", "2023-07-02", "**** **** **** 4821", "", sentence("Refund to IBAN ", kw(iban(), TypeGermanIBAN), " approved"))
	cust.row("8", "Kenji Tanaka", kw("kenji.tanaka@bluebird.co.jp", TypeEmail), "Tokyo", "2023-08-30", "", "", sentence("Paid with visa ", kw(s.card("visa"), TypeCreditCard), ", receipt sent"))
	cust.row("9", "Olivia Martins", "", "Lisbon", "2023-09-11", "", "", sentence("Ticket ", neg(s.unique(validSSN), NegSSNNoKeyword), " closed by support"))
	cust.row("10", "Jonas Becker", kw("jonas.becker@posteo.de", TypeEmail), "Hamburg", "2023-10-03", kw(s.card("discover"), TypeCreditCard), "", "")
	s.add(cust.path, "csv", cust.bytes())

	// payments.tsv: a payment processor export.
	pay := &tableDoc{s: s, path: "payments.tsv", sep: "\t", header: []string{"payment_id", "created_at", "amount", "currency", "credit_card", "iban", "reference", "status"}}
	for i, st := range []string{"settled", "settled", "refunded", "failed", "settled", "pending", "settled", "settled"} {
		id := fmt.Sprintf("pay_%04d", 1041+i)
		ts := string(appendUnixTime(nil, r, false))
		amount := string(appendAmount(nil, r))
		cc, ib, ref := any(""), any(""), any(string(appendOrderID(nil, r)))
		switch i {
		case 0, 4:
			cc = kw(s.card("visa"), TypeCreditCard)
		case 1:
			ib = kw(iban(), TypeGermanIBAN)
		case 2:
			cc = kw(s.card("jcb"), TypeCreditCard)
			ref = kw(s.card("mastercard"), TypeCreditCardNoKeyword) // pasted into the wrong field
		case 3:
			cc = neg(formatCard(r, luhnInvalidCardDigits(r)), NegLuhnInvalidCard)
		case 5:
			ib = neg(s.unique(badGermanIBAN), NegIBANBadChecksum)
		case 6:
			ib = kw(iban(), TypeGermanIBAN)
			ref = kw(s.card("visa"), TypeCreditCardNoKeyword)
		}
		pay.row(id, ts, amount, pick(r, []string{"EUR", "USD", "GBP"}), cc, ib, ref, st)
	}
	s.add(pay.path, "tsv", pay.bytes())

	// orders.jsonl: an order event stream.
	var jl strings.Builder
	customers := [][2]string{{"Anna Kowalski", "anna.kowalski@gmail.com"}, {"Peter Novak", "peter.novak@globex.net"}, {"Lena Fischer", "lena.fischer@gmx.de"},
		{"Tom Walsh", "tom.walsh@icloud.com"}, {"Sara Lindqvist", "sara.lindqvist@northwind.nl"}, {"Diego Ruiz", "diego.ruiz@fabrikam.es"}}
	for i, c := range customers {
		idx := int64(i)
		email := s.jsonMark("orders.jsonl", idx, "$.customer.email", kw(c[1], TypeEmail))
		card := "null"
		if i%2 == 0 {
			card = s.jsonMark("orders.jsonl", idx, "$.payment.card_number", kw(s.card(pick(r, []string{"visa", "mastercard"})), TypeCreditCard))
		}
		token := `"` + string(appendToken(nil, r)) + `"`
		if i == 3 {
			token = s.jsonMark("orders.jsonl", idx, "$.payment.token", kw(s.card("visa"), TypeCreditCardNoKeyword))
		}
		auth := "null"
		if i == 1 || i == 4 {
			auth = s.jsonMark("orders.jsonl", idx, "$.auth.bearer", kw(s.unique(jwt), TypeJWT))
		}
		fmt.Fprintf(&jl, `{"order_id":"%s","ts":"%s","status":"%s","customer":{"name":"%s","email":%s},"items":[{"sku":"%s","qty":%d}],"payment":{"card_number":%s,"token":%s},"auth":{"bearer":%s}}`+"\n",
			appendOrderID(nil, r), appendISOTime(nil, r, false), pick(r, orderStatuses), c[0], email, pick(r, skus), 1+r.intn(3), card, token, auth)
	}
	s.add("orders.jsonl", "jsonl", []byte(jl.String()))

	// crm_export.json: one nested document.
	var cj strings.Builder
	cj.WriteString("{\n  \"exported_at\": \"2024-05-02T09:15:00Z\",\n  \"source\": \"crm\",\n  \"customers\": [\n")
	people := []struct{ name, email, city string }{
		{"Hannah Schmidt", "hannah.schmidt@web.de", "Köln"}, {"Marco Bianchi", "marco.bianchi@initech.org", "Torino"},
		{"Grace Okafor", "grace.okafor@acme-logistics.io", "Lagos"}, {"Ivan Petrov", "ivan.petrov@hooli.xyz", "Sofia"},
	}
	for i, p := range people {
		base := fmt.Sprintf("$.customers[%d]", i)
		email := s.jsonMark("crm_export.json", 0, base+".email", kw(p.email, TypeEmail))
		ssnv := "null"
		if i != 2 {
			ssnv = s.jsonMark("crm_export.json", 0, base+".ssn", kw(ssn(), TypeSSN))
		}
		cards := ""
		for c := 0; c < 2-i%2; c++ {
			if c > 0 {
				cards += ",\n"
			}
			num := s.jsonMark("crm_export.json", 0, fmt.Sprintf("%s.cards[%d].card_number", base, c), kw(s.card(pick(r, []string{"visa", "mastercard", "amex"})), TypeCreditCard))
			cards += fmt.Sprintf("        {\"card_number\": %s, \"added\": \"%d-%02d-%02d\"}", num, 2019+r.intn(6), 1+r.intn(12), 1+r.intn(28))
		}
		ib := s.jsonMark("crm_export.json", 0, base+".bank.iban", kw(iban(), TypeGermanIBAN))
		if i > 0 {
			cj.WriteString(",\n")
		}
		fmt.Fprintf(&cj, "    {\n      \"name\": \"%s\",\n      \"email\": %s,\n      \"ssn\": %s,\n      \"address\": {\"city\": \"%s\", \"postal_code\": \"%s\"},\n      \"cards\": [\n%s\n      ],\n      \"bank\": {\"iban\": %s}\n    }",
			p.name, email, ssnv, p.city, r.digits(nil, 5), cards, ib)
	}
	cj.WriteString("\n  ]\n}\n")
	s.add("crm_export.json", "json", []byte(cj.String()))

	// app.log: an application log.
	lg := &textDoc{s: s, path: "app.log"}
	clock := &logClock{ms: 1714986000123} // 2024-05-06T09:00:00.123Z
	ts := func() string { return string(clock.appendTime(nil, r)) }
	reqID := func() string { return string(appendUUID(nil, r)) }
	lg.line(ts() + " INFO  api server listening on :8080")
	lg.line(ts() + " INFO  api GET /healthz status=200 duration_ms=1 request_id=" + reqID())
	lg.plant(ts()+" INFO  auth login ok user=", "maria.schneider@web.de", " request_id="+reqID(), TypeEmail, "")
	lg.line(ts() + " INFO  api GET /api/v1/orders status=200 duration_ms=42 request_id=" + reqID())
	lg.plant(ts()+" DEBUG auth Authorization: Bearer ", s.unique(jwt), "", TypeJWT, "")
	lg.line(ts() + " INFO  orders order ORD-2024-000123 placed items=3 request_id=" + reqID())
	lg.plant(ts()+" ERROR payments charge failed, card number ", s.card("visa"), " declined by issuer", TypeCreditCard, "")
	lg.line(ts() + " INFO  api POST /api/v1/cart status=201 duration_ms=17 request_id=" + reqID())
	lg.plant(ts()+" WARN  deploy found access key ", s.unique(awsAccessKeyID), " in build output, rotating", TypeAWSCredentials, "")
	lg.plant(ts()+" INFO  search next_cursor=", notJWT(r), " page=2", "", NegNotJWT)
	lg.line(ts() + " INFO  api GET /api/v1/customers/48213 status=200 duration_ms=23 request_id=" + reqID())
	lg.plant(ts()+" INFO  billing payout to ", iban(), " scheduled", TypeGermanIBAN, "")
	lg.plant(ts()+" INFO  billing retry ts=", string(appendUnixTime(nil, r, true)), " attempt=2", "", NegTimestamp)
	lg.plant(ts()+" WARN  auth login from ", s.unique(ipv4), " blocked after five attempts", TypeIPAddress, "")
	lg.plant(ts()+" INFO  auth login from ", s.unique(func(r *rng) string { return ipv6(r).String() }), " succeeded", TypeIPAddress, "")
	lg.plant(ts()+" DEBUG proxy forwarded ", s.unique(basicAuthHeader), "", TypeHTTPBasicAuthHeader, "")
	lg.plant(ts()+" ERROR api upstream ", s.unique(badIPv4), " unreachable, check the config", "", NegIPOctetOutOfRange)
	lg.plant(ts()+" WARN  billing request body held a stripe key ", s.unique(stripeKey), ", redacted upstream", TypeStripeCredentials, "")
	lg.line(ts() + " WARN  api rate limit reached for client mobile-ios request_id=" + reqID())
	lg.line(ts() + " INFO  api shutting down, draining connections")
	s.add(lg.path, "log", lg.bytes())

	// notes.txt: meeting notes with a pasted .env file and a private key.
	nt := &textDoc{s: s, path: "notes.txt"}
	nt.line("Ops sync, 2024-05-06")
	nt.line("")
	nt.line("Attendees: Maria, Jonas, Kenji")
	nt.line("- The staging deploy still reads credentials from a .env file, copied below so we can rotate them:")
	nt.line("")
	nt.line("LOG_LEVEL=info")
	nt.plant("AWS_ACCESS_KEY_ID=", s.unique(awsAccessKeyID), "", TypeAWSCredentials, "")
	nt.plant("AWS_SECRET_ACCESS_KEY=", s.unique(awsSecretKey), "", TypeAWSCredentials, "")
	nt.line("AWS_REGION=eu-central-1")
	nt.line("")
	nt.plant("- Customer asked us to update the card on file to ", s.card("mastercard"), " before the renewal.", TypeCreditCard, "")
	nt.plant("- HR needs the SSN ", ssn(), " corrected in the payroll system.", TypeSSN, "")
	nt.plant("- The old build server checksum was sha256:", string(appendHash(nil, r, 64)), ", keep it for the audit.", "", NegSHA256)
	nt.line("- Kenji found the deploy key of the old build server in the wiki:")
	nt.line("")
	nt.block(keyBlock(r, "OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ", 70, 399), TypeOpenSSHPrivateKey, "")
	nt.line("")
	nt.line("- And the TLS key that sat next to it:")
	nt.block(keyBlock(r, "EC PRIVATE KEY", "MHcCAQEEI", 64, 121), TypePKCS, "")
	nt.line("")
	nt.line("- Its public half, for the record:")
	pub := keyBlock(r, "PUBLIC KEY", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 64, 294)
	nt.block(pub, "", NegPublicKey)
	nt.line("")
	nt.line("")
	nt.line("Global payroll move, the values the new provider still needs:")
	nt.line("")
	nt.plant("- UK: National Insurance number ", s.unique(validNINO), " for the new contractor.", TypeUKNINO, "")
	nt.plant("- India: Aadhaar ", s.unique(validAadhaar), " linked to the payout mandate.", TypeIndiaAadhaar, "")
	nt.plant("- Brazil: CPF ", s.unique(validCPF), " registered with the accountant.", TypeBrazilCPF, "")
	nt.plant("- Spain: DNI ", s.unique(validDNI), " on the signed contract.", TypeSpainDNI, "")
	nt.plant("- Japan: マイナンバー: ", s.unique(func(r *rng) string { return fullWidth(myNumberDigits(r)) }), " を確認しました。", TypeJapanMyNumber, "")
	nt.line("")
	nt.plant("- Canada: SIN ", s.unique(validSIN), " verified by HR.", TypeCanadaSIN, "")
	nt.plant("- The SIN on the scanned form, ", s.unique(badSIN), ", fails its check digit: ask again.", "", NegSINBadChecksum)
	nt.line("")
	nt.plant("- Payouts: SEPA payout to ", s.unique(func(r *rng) string { return ibanOf(r, "FR") }), " for the Lyon office.", TypeFranceIBAN, "")
	nt.plant("- Wire to ", s.unique(func(r *rng) string { return ibanOf(r, "ES") }), " for Sevilla.", TypeSpainIBAN, "")
	nt.plant("- Wire to ", s.unique(func(r *rng) string { return ibanOf(r, "IT") }), " for Milano.", TypeItalyIBAN, "")
	nt.plant("- Transfer to ", s.unique(func(r *rng) string { return ibanOf(r, "GB") }), " for the London team.", TypeUKIBAN, "")
	nt.line("")
	nt.line("Other things found in the old wiki:")
	nt.line("")
	nt.plant("- Company car, VIN ", s.unique(validVIN), ", returned to the lessor.", TypeVIN, "")
	nt.plant("- Our occupational health clinic, NPI ", s.unique(validNPI), ", bills us monthly.", TypeUSNPI, "")
	nt.line("")
	nt.plant("- A UK employee's NHS number ", s.unique(validNHS), " was in the sick-leave sheet.", TypeUKNHS, "")
	nt.plant("- Tokyo subsidiary, 法人番号: ", s.unique(func(r *rng) string { return corporateDigits(r) }), " (for the invoices).", TypeJapanCorporate, "")
	nt.plant("- The maps widget, X-goog-api-key: ", s.unique(gcpKey), "", TypeGCPAPIKey, "")
	nt.line("")
	nt.line("Action items: rotate the keys, remove the wiki page, tell security.")
	s.add(nt.path, "txt", nt.bytes())

	// customers_backup.csv.gz: an older export, compressed.
	bk := &tableDoc{s: s, path: "customers_backup.csv.gz", sep: ",", header: []string{"id", "name", "email", "card_number", "ssn"}}
	bk.row("1", "Maria Schneider", kw("maria.schneider@gmx.de", TypeEmail), kw(s.card("visa"), TypeCreditCard), "")
	bk.row("2", "James O'Connor", kw("james.oconnor@yahoo.co.uk", TypeEmail), "", kw(ssn(), TypeSSN))
	bk.row("3", "Sofia Rossi", "", kw(s.card("amex"), TypeCreditCard), "")
	bk.row("4", "Lukas Weber", kw("lukas.weber@web.de", TypeEmail), "", neg("900-45-1234", NegSSNInvalidArea))
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(bk.bytes())
	zw.Close()
	s.add(bk.path, "csv.gz", gz.Bytes())

	// logo.png: an image, a format piiscan does not scan (SKIPPED).
	img := image.NewNRGBA(image.Rect(0, 0, 32, 32))
	for y := range 32 {
		for x := range 32 {
			c := color.NRGBA{0x1f, 0x6f, 0xb5, 0xff}
			if (x-16)*(x-16)+(y-16)*(y-16) < 100 {
				c = color.NRGBA{0xff, 0xff, 0xff, 0xff}
			}
			img.Set(x, y, c)
		}
	}
	var pngBuf bytes.Buffer
	png.Encode(&pngBuf, img)
	s.add("logo.png", "png", pngBuf.Bytes())

	s.add("README.md", "txt", []byte(sampleReadme))
	return s.files, s.m
}

const sampleReadme = `# Sample data

Synthetic files for trying piiscan out:

    piiscan scan testcorpus/sample

Everything here is made up. The names, email addresses, card numbers,
social security and other national numbers, bank accounts, IP addresses,
keys and tokens belong to no real person or system: the numbers are random,
built only to pass the checks a scanner applies (issuer prefix and Luhn
check, SSN ranges, IBAN mod-97, the check digits of the Aadhaar, CPF, DNI,
SIN, NHS, NPI, VIN and Japanese numbers), and the keys were never used
anywhere.

| file | format | what is in it |
|---|---|---|
| customers.csv | CSV | a CRM export: emails, card numbers, SSNs, an IBAN in a note |
| payments.tsv | TSV | payments: card numbers, IBANs, card numbers pasted in a reference column |
| orders.jsonl | JSON Lines | order events: emails, card numbers, bearer tokens |
| crm_export.json | JSON | nested customers with cards, SSNs and bank accounts |
| app.log | text | an application log with a token, an access key id, a card number, IP addresses, a basic auth header and a Stripe key |
| notes.txt | text | meeting notes with a pasted .env file, a private key, and national numbers, IBANs and an API key from a payroll move |
| customers_backup.csv.gz | gzip | an older CSV export, compressed |
| logo.png | PNG | an image: not a format piiscan scans, so it is reported as skipped |

Some values are decoys a scanner must not report: a card number that fails the
Luhn check, an SSN with an impossible area number, an IBAN with wrong check
digits, a SIN with a wrong check digit, an IP address with an octet over 255,
a public key, a hash, a timestamp.

The ground truth (each planted value's type and location) is
testcorpus/testdata/sample_manifest.json. The files are written by the
package's tests; regenerate them with

    go test ./testcorpus -run TestSample -update
`

func TestSample(t *testing.T) {
	files, m := buildSample()
	if *update {
		for name, data := range files {
			if err := os.MkdirAll(sampleDir, 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(filepath.Join(sampleDir, name), data, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		if err := os.MkdirAll(filepath.Dir(sampleManifestPath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := m.WriteFile(sampleManifestPath); err != nil {
			t.Fatal(err)
		}
	}
	for name, data := range files {
		got, err := os.ReadFile(filepath.Join(sampleDir, name))
		if err != nil {
			t.Fatalf("%v (run with -update to write the sample)", err)
		}
		if !bytes.Equal(got, data) {
			t.Errorf("sample/%s is stale: run go test ./testcorpus -run TestSample -update", name)
		}
	}
	entries, err := os.ReadDir(sampleDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if _, ok := files[e.Name()]; !ok {
			t.Errorf("sample/%s is not written by buildSample", e.Name())
		}
	}
	loaded, err := LoadManifest(sampleManifestPath)
	if err != nil {
		t.Fatal(err)
	}
	if len(loaded.Labels) != len(m.Labels) || len(loaded.Negatives) != len(m.Negatives) || len(loaded.Files) != len(m.Files) {
		t.Errorf("testdata manifest is stale: run with -update")
	}
	for _, f := range verifyCorpusPeople(sampleDir, m, false) {
		t.Error(f)
	}
	counts := map[string]int{}
	for _, l := range m.Labels {
		counts[l.Type]++
	}
	// The sample is a fixed showcase that other packages' tests scan; the
	// national identifiers and per-country IBANs are in the generated
	// corpus only.
	for _, typ := range sampleTypes {
		if counts[typ] == 0 {
			t.Errorf("sample has no %s", typ)
		}
	}
}
