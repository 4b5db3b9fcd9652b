package testcorpus

import (
	"bufio"
	"strconv"
	"unicode/utf8"
)

// jsonOut builds JSON text by hand, pretty-printed or compact, so that
// generation costs no reflection and paths of planted values are known.
type jsonOut struct {
	b      []byte
	pretty bool
	first  []bool // per open container: no member written yet
}

func (j *jsonOut) newline() {
	if j.pretty {
		j.b = append(j.b, '\n')
		for range len(j.first) {
			j.b = append(j.b, ' ', ' ')
		}
	}
}

// member starts a value inside the current container.
func (j *jsonOut) member() {
	n := len(j.first)
	if n == 0 {
		return
	}
	if !j.first[n-1] {
		j.b = append(j.b, ',')
	}
	j.first[n-1] = false
	j.newline()
}

func (j *jsonOut) key(k string) {
	j.member()
	j.b = append(j.b, '"')
	j.b = append(j.b, k...)
	j.b = append(j.b, '"', ':')
	if j.pretty {
		j.b = append(j.b, ' ')
	}
}

func (j *jsonOut) open(c byte) {
	j.b = append(j.b, c)
	j.first = append(j.first, true)
}

func (j *jsonOut) close(c byte) {
	empty := j.first[len(j.first)-1]
	j.first = j.first[:len(j.first)-1]
	if !empty {
		j.newline()
	}
	j.b = append(j.b, c)
}

// str writes s as a JSON string.
func (j *jsonOut) str(s []byte) {
	j.b = append(j.b, '"')
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\\':
			j.b = append(j.b, '\\', c)
		case c < 0x20:
			j.b = append(j.b, `\u00`...)
			j.b = append(j.b, hexDigits[c>>4], hexDigits[c&15])
		case c < utf8.RuneSelf:
			j.b = append(j.b, c)
		default:
			_, n := utf8.DecodeRune(s[i:])
			j.b = append(j.b, s[i:i+n]...)
			i += n
			continue
		}
		i++
	}
	j.b = append(j.b, '"')
}

func (j *jsonOut) strField(k string, v []byte) { j.key(k); j.str(v) }
func (j *jsonOut) rawField(k string, v []byte) { j.key(k); j.b = append(j.b, v...) }

// jsonRecord writes one record's fields, recording plants at paths below
// base ("$.customers[3]" or "$").
type jsonRecord struct {
	g       *fileGen
	j       *jsonOut
	index   int64  // record index for the manifest
	base    []byte // path of the current object
	scratch []byte
}

// slotField writes field k holding a slot of kind s: a string, or null when
// the slot is left empty.
func (rec *jsonRecord) slotField(k string, s slotKind) {
	var p plant
	rec.scratch, p = rec.g.slot(rec.scratch[:0], s)
	rec.j.key(k)
	if len(rec.scratch) == 0 {
		rec.j.b = append(rec.j.b, "null"...)
		return
	}
	rec.j.str(rec.scratch)
	if p.planted() {
		path := string(rec.base) + "." + k
		rec.g.record(p, Location{Record: &Record{RecordIndex: rec.index, JSONPath: path}})
	}
}

// personField writes field k holding what fill writes (a name or an
// address), recorded as a label, or null when fill writes nothing; it
// returns the value.
func (rec *jsonRecord) personField(k string, fill func([]byte) ([]byte, plant)) string {
	var p plant
	rec.scratch, p = fill(rec.scratch[:0])
	rec.j.key(k)
	if !p.planted() {
		rec.j.b = append(rec.j.b, "null"...)
		return ""
	}
	rec.j.str(rec.scratch)
	rec.g.record(p, Location{Record: &Record{RecordIndex: rec.index, JSONPath: string(rec.base) + "." + k}})
	return p.value
}

// push descends into field k (and array index i when i >= 0) for paths;
// it returns the length to pop back to.
func (rec *jsonRecord) push(k string, i int) int {
	n := len(rec.base)
	if k != "" {
		rec.base = append(rec.base, '.')
		rec.base = append(rec.base, k...)
	}
	if i >= 0 {
		rec.base = append(rec.base, '[')
		rec.base = strconv.AppendInt(rec.base, int64(i), 10)
		rec.base = append(rec.base, ']')
	}
	return n
}

func (rec *jsonRecord) pop(n int) { rec.base = rec.base[:n] }

// writeCustomersJSON writes one pretty-printed CRM export document:
// {"export":{…},"customers":[{… "address":{…}, "cards":[{"card_number":…}]}]}.
func writeCustomersJSON(g *fileGen, w *bufio.Writer) error {
	r := g.r
	j := &jsonOut{pretty: true}
	rec := &jsonRecord{g: g, j: j, base: []byte("$")}
	j.open('{')
	j.key("export")
	j.open('{')
	j.strField("source", []byte("crm"))
	j.strField("generated_at", appendISOTime(nil, r, false))
	j.rawField("version", []byte("3"))
	j.close('}')
	j.key("customers")
	j.open('[')
	var tmp []byte
	for i := 0; i < g.rows; i++ {
		j.member()
		top := rec.push("customers", i)
		j.open('{')
		rec.slotField("id", slotUUID)
		name := rec.personField("name", g.personName)
		rec.slotField("email", slotEmail)
		rec.slotField("phone", slotPhone)
		rec.slotField("ssn", slotSSN)
		rec.slotField("created_at", slotISOTime)
		j.key("address")
		j.open('{')
		at := rec.push("address", -1)
		rec.personField("street", g.personAddress)
		rec.pop(at)
		j.strField("city", []byte(pick(r, cities)))
		j.strField("postal_code", r.digits(tmp[:0], 5))
		j.strField("country", []byte(pick(r, countries)))
		j.close('}')
		j.key("cards")
		j.open('[')
		for c, n := 0, r.intn(3); c < n; c++ {
			j.member()
			at := rec.push("cards", c)
			j.open('{')
			rec.slotField("card_number", slotCardKeyword)
			// The date a card was added, not its expiry: an MM/YY under an
			// "expiry" key is a CREDIT_CARD_EXPIRATION, which is not planted.
			j.strField("added", appendISODate(tmp[:0], r))
			// The holder is the customer: the same name, a label of its own.
			rec.personField("holder", func(b []byte) ([]byte, plant) {
				if name == "" || !g.room(TypeName) {
					return b, plant{}
				}
				return append(b, name...), plant{text: name, typ: TypeName, value: name, off: len(b)}
			})
			j.close('}')
			rec.pop(at)
		}
		j.close(']')
		j.key("bank")
		j.open('{')
		at = rec.push("bank", -1)
		rec.slotField("iban", slotIBAN)
		rec.pop(at)
		j.close('}')
		rec.slotField("payment_token", slotCardNeutral)
		rec.slotField("notes", slotNotes)
		j.close('}')
		rec.pop(top)
		if len(j.b) > 64<<10 {
			if _, err := w.Write(j.b); err != nil {
				return err
			}
			j.b = j.b[:0]
		}
	}
	j.close(']')
	j.close('}')
	j.b = append(j.b, '\n')
	_, err := w.Write(j.b)
	return err
}

// writeAccountsJSON writes a top-level array of account records, paths
// "$[3].contact.email".
func writeAccountsJSON(g *fileGen, w *bufio.Writer) error {
	r := g.r
	j := &jsonOut{pretty: true}
	rec := &jsonRecord{g: g, j: j, base: []byte("$")}
	j.open('[')
	var tmp []byte
	for i := 0; i < g.rows; i++ {
		j.member()
		top := rec.push("", i)
		j.open('{')
		j.rawField("user_id", strconv.AppendInt(tmp[:0], int64(r.between(1, 999999)), 10))
		f, l := randomPerson(r)
		tmp = append(tmp[:0], f.ascii[0])
		tmp = append(tmp, l.ascii...)
		j.strField("username", tmp)
		j.key("contact")
		j.open('{')
		at := rec.push("contact", -1)
		rec.slotField("email", slotEmail)
		rec.slotField("phone", slotPhone)
		rec.pop(at)
		j.close('}')
		rec.slotField("ssn", slotSSN)
		rec.slotField("credit_card_number", slotCardKeyword)
		rec.slotField("ref", slotCardNeutral)
		j.key("session")
		j.open('{')
		at = rec.push("session", -1)
		rec.slotField("jwt", slotJWT)
		j.rawField("issued", appendUnixTime(tmp[:0], r, false))
		rec.pop(at)
		j.close('}')
		j.key("aws")
		j.open('{')
		at = rec.push("aws", -1)
		rec.slotField("access_key_id", slotAWSKeyID)
		rec.slotField("aws_secret_access_key", slotAWSSecret)
		rec.pop(at)
		j.close('}')
		j.key("tags")
		j.open('[')
		for t, n := 0, r.intn(3); t < n; t++ {
			j.member()
			j.str([]byte(pick(r, []string{"vip", "beta", "churn-risk", "newsletter", "b2b"})))
		}
		j.close(']')
		rec.slotField("comment", slotNotes)
		j.close('}')
		rec.pop(top)
		if len(j.b) > 64<<10 {
			if _, err := w.Write(j.b); err != nil {
				return err
			}
			j.b = j.b[:0]
		}
	}
	j.close(']')
	j.b = append(j.b, '\n')
	_, err := w.Write(j.b)
	return err
}

// writeOrdersJSONL writes one compact order event per line; paths run from
// each line's root ("$.payment.card_number") and the record index is the
// 0-based line number.
func writeOrdersJSONL(g *fileGen, w *bufio.Writer) error {
	r := g.r
	j := &jsonOut{}
	rec := &jsonRecord{g: g, j: j, base: []byte("$")}
	var tmp []byte
	for i := 0; i < g.rows; i++ {
		rec.index = int64(i)
		j.b = j.b[:0]
		j.open('{')
		rec.slotField("order_id", slotOrderID)
		rec.slotField("ts", slotISOTime)
		j.strField("status", []byte(pick(r, orderStatuses)))
		j.key("customer")
		j.open('{')
		at := rec.push("customer", -1)
		customer := rec.personField("name", g.personName)
		rec.slotField("email", slotEmail)
		rec.slotField("phone", slotPhone)
		rec.pop(at)
		j.close('}')
		j.key("shipping")
		j.open('{')
		j.strField("city", []byte(pick(r, cities)))
		j.strField("postal_code", r.digits(tmp[:0], 5))
		j.close('}')
		j.key("items")
		j.open('[')
		for it, n := 0, 1+r.intn(3); it < n; it++ {
			j.member()
			j.open('{')
			item := r.intn(len(skus))
			j.strField("sku", []byte(skus[item]))
			// Items are named where the customer is (not once a file
			// has no room for more NAME labels): the share of things'
			// names among the values under "name" keys stays the same
			// whatever the number of rows.
			if customer != "" {
				j.strField("name", []byte(productNames[item]))
			}
			j.rawField("qty", strconv.AppendInt(tmp[:0], int64(r.between(1, 5)), 10))
			j.rawField("price", appendAmount(tmp[:0], r))
			j.close('}')
		}
		j.close(']')
		j.key("payment")
		j.open('{')
		at = rec.push("payment", -1)
		rec.slotField("card_number", slotCardKeyword)
		rec.slotField("ref", slotCardNeutral)
		rec.slotField("iban", slotIBAN)
		rec.pop(at)
		j.close('}')
		j.key("auth")
		j.open('{')
		at = rec.push("auth", -1)
		rec.slotField("token", slotJWT)
		rec.pop(at)
		j.close('}')
		rec.slotField("note", slotNotes)
		j.close('}')
		j.b = append(j.b, '\n')
		if _, err := w.Write(j.b); err != nil {
			return err
		}
	}
	return nil
}
