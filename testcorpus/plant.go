package testcorpus

import (
	"strconv"
)

// Kinds of hard negatives listed in Manifest.Negatives.
const (
	NegLuhnInvalidCard   = "luhn_invalid_card"    // issuer prefix and length, Luhn fails
	NegMaskedCard        = "masked_card"          // "**** **** **** 1234"
	NegSSNInvalidArea    = "ssn_invalid_area"     // area 000, 666 or 900-999, next to an SSN keyword
	NegSSNInvalidGroup   = "ssn_invalid_group"    // group 00, next to an SSN keyword
	NegSSNInvalidSerial  = "ssn_invalid_serial"   // serial 0000, next to an SSN keyword
	NegSSNAdvertised     = "ssn_advertised"       // 078-05-1120, 219-09-9999, 123-45-6789, next to a keyword
	NegSSNNoKeyword      = "ssn_no_keyword"       // a valid SSN with no keyword near it
	NegIBANBadChecksum   = "iban_bad_checksum"    // German IBAN shape, wrong check digits
	NegAWSKeyLowercase   = "aws_key_lowercase"    // "akia…"
	NegAWSKeyWrongLength = "aws_key_wrong_length" // AKIA and 15 or 17 characters
	NegNotJWT            = "not_jwt"              // "eyJ…" with fewer than three segments
	NegPublicKey         = "public_key"           // -----BEGIN PUBLIC KEY----- block
	NegCertificate       = "certificate"          // -----BEGIN CERTIFICATE----- block
	NegUUID              = "uuid"
	NegSHA256            = "sha256"
	NegSHA1              = "sha1"
	NegMD5               = "md5"
	NegTimestamp         = "timestamp" // Unix time, 10 or 13 digits
	NegISODate           = "iso_date"
	NegOrderID           = "order_id" // ORD-2024-000123
)

// maxPerType keeps every file under Macie's cap of 1,000 reported
// occurrences per identifier type per object.
const maxPerType = 999

// slotKind is what a value slot (a column, a JSON field, a line of text) is
// meant to hold; it decides what may be planted there.
type slotKind uint8

const (
	slotNotes       slotKind = iota // free text: any identifier, with its keyword where one is needed
	slotEmail                       // a field named for an email address
	slotCardKeyword                 // a field whose name is a card keyword (card_number, cc_number)
	slotCardNeutral                 // a neutral field (payment_token, ref): cards without keyword
	slotSSN                         // a field named ssn
	slotIBAN                        // a field named iban
	slotAWSKeyID                    // aws_access_key_id
	slotAWSSecret                   // aws_secret_access_key
	slotJWT                         // a session or id token field
	// Filler-only slots: never a label; a share of them is listed as a negative.
	slotUUID
	slotSHA256
	slotSHA1
	slotMD5
	slotUnixTime
	slotUnixTimeMS
	slotISODate
	slotISOTime
	slotPhone // a phone field: never a number (phone numbers are not planted yet)
	slotOrderID
)

// positive reports whether an identifier may be planted in a slot of kind k.
func (k slotKind) positive() bool { return k <= slotJWT }

// plant says what one slot received: text is the slot's whole content, typ
// a label type or neg a negative kind (at most one is set), value the planted
// value and off its byte offset in text (in the caller's buffer once
// appended).
type plant struct {
	text     string
	typ, neg string
	value    string
	off      int
	// keyword: the text holds a card, SSN or secret keyword.
	// needsQuiet: what was planted is only right if no keyword is near it.
	keyword, needsQuiet bool
	// endsLine: nothing may follow the text on its line (a cookie header
	// runs to the end of the line).
	endsLine bool
}

func (p plant) planted() bool { return p.typ != "" || p.neg != "" }

// fileGen is the state of one file being generated.
type fileGen struct {
	r     *rng
	file  string
	rows  int
	pPos  float64 // chance a positive slot holds an identifier
	pNeg  float64 // chance a slot holds a listed hard negative
	seen  map[string]struct{}
	count map[string]int

	labels    []Label
	negatives []Negative
}

func newFileGen(r *rng, file string, rows int, pPos float64) *fileGen {
	return &fileGen{
		r: r, file: file, rows: rows, pPos: pPos, pNeg: pPos,
		seen: make(map[string]struct{}), count: make(map[string]int),
	}
}

// unique reports whether v is new in this file, and remembers it.
func (g *fileGen) unique(v string) bool {
	if _, dup := g.seen[v]; dup {
		return false
	}
	g.seen[v] = struct{}{}
	return true
}

func (g *fileGen) room(typ string) bool { return g.count[typ] < maxPerType }

// record adds p to the manifest at loc.
func (g *fileGen) record(p plant, loc Location) {
	switch {
	case p.typ != "":
		g.count[p.typ]++
		g.labels = append(g.labels, Label{File: g.file, Type: p.typ, Location: loc, value: p.value})
	case p.neg != "":
		g.count[p.neg]++
		g.negatives = append(g.negatives, Negative{File: g.file, Kind: p.neg, Location: loc, value: p.value})
	}
}

// slot appends the content of one slot of kind k to b and returns what was
// planted in it, if anything; p.off is then an offset in b.
func (g *fileGen) slot(b []byte, k slotKind) ([]byte, plant) {
	u := float64(g.r.u64()>>11) * (1.0 / (1 << 53))
	var p plant
	ok := false
	switch {
	case u < g.pPos:
		if k.positive() {
			p, ok = g.positive(k)
		}
	case u < g.pPos+g.pNeg:
		p, ok = g.negative(k)
	}
	if !ok {
		return g.filler(b, k), plant{}
	}
	p.off += len(b)
	return append(b, p.text...), p
}

// fresh draws values from gen until one is new in the file.
func (g *fileGen) fresh(gen func(r *rng) string) (string, bool) {
	for range 100 {
		if v := gen(g.r); g.unique(v) {
			return v, true
		}
	}
	return "", false
}

// what an identifier or negative in free text is, for phrase choice.
type what uint8

const (
	wCardKeyword what = iota
	wCardNoKeyword
	wSSN
	wSSNNoKeyword
	wEmail
	wIBAN
	wAWSKeyID
	wAWSSecret
	wJWT
	wNotJWT
	wUUID
	wSHA256
	wSHA1
	wMD5
	wUnixTime
	wISODate
	wOrderID
)

// phrase is text around a value in free text: before ends right where the
// value starts, after starts right where it ends (with a space or nothing,
// so the value stays bounded). Phrases for keyword identifiers put the
// keyword right next to the value; the others hold no keyword at all.
type phrase struct{ before, after string }

var phrases = [...][]phrase{
	wCardKeyword: {
		{"Customer updated the card on file to ", " without issues."},
		{"card number: ", ""}, {"Card no. ", " expires next year."}, {"CC# ", " (charged twice, refunded once)"},
		{"Charged the credit card ", ", then approved."}, {"PAN ", " flagged for review."},
		{"Payment card ", " was declined once."}, {"ccn=", ""},
	},
	wCardNoKeyword: {
		{"Refund reference ", " was archived."}, {"Legacy billing token ", " moved to the new ledger."},
		{"Migrated reference ", ""}, {"Payment token ", " processed by finance."}, {"Ref ", " closed."},
		{"Imported value ", " from the old system."},
	},
	wSSN: {
		{"SSN ", " verified."}, {"SSN: ", ""}, {"ssn=", " matched the application."},
		{"Social security number ", " on file."}, {"social security no. ", ""}, {"SS# ", " checked by HR."},
	},
	wSSNNoKeyword: {
		{"Case number ", " reopened."}, {"Ticket ", " closed by the night shift."}, {"Claim ", ""},
		{"Tracking number ", " handed to the courier."},
	},
	wEmail: {
		{"Forwarded to ", " for follow-up."}, {"Contact: ", ""}, {"Reply sent to ", " yesterday."},
		{"Invite accepted by ", " this morning."},
	},
	wIBAN: {
		{"Payout to IBAN ", " confirmed."}, {"Refund sent to account ", " on Monday."}, {"Transfer to ", ""},
		{"Bank account ", " updated by the customer."},
	},
	wAWSKeyID: {
		{"Rotated access key ", " after the audit."}, {"Access key id ", " (staging)"}, {"AWS_ACCESS_KEY_ID=", ""},
		{"key id ", " disabled."},
	},
	wAWSSecret: {
		{"aws_secret_access_key = ", ""}, {"aws_secret_access_key=", ""}, {"AWS_SECRET_ACCESS_KEY=", " # rotate monthly"},
		{"export AWS_SECRET_ACCESS_KEY=", ""},
	},
	wJWT: {
		{"Authorization: Bearer ", ""}, {"session token ", " expired early."}, {"id_token=", ""},
		{"JWT ", " rejected (clock skew)."},
	},
	wNotJWT:   {{"next_cursor=", ""}, {"cursor ", " saved."}, {"state=", ""}},
	wUUID:     {{"request id ", ""}, {"trace ", " sampled."}},
	wSHA256:   {{"sha256:", ""}, {"checksum ", " verified."}},
	wSHA1:     {{"commit ", " deployed."}, {"sha1: ", ""}}, // a colon: "sha1 " and a hash's leading digits would join into one digit run
	wMD5:      {{"md5: ", ""}, {"etag ", " cached."}},
	wUnixTime: {{"ts=", ""}, {"epoch ", " recorded."}},
	wISODate:  {{"due ", ""}, {"valid until ", " inclusive."}},
	wOrderID:  {{"Order ", " shipped."}, {"order ", " returned."}},
}

// keywordWhat reports the phrases that put a keyword next to the value, and
// quietWhat those whose value is only right with no keyword near.
func keywordWhat(w what) bool { return w == wCardKeyword || w == wSSN || w == wAWSSecret }

// A JWT or cursor counts as needing quiet too: a 40-character run of
// letters and digits between its '-', '_' and '.' would read as an AWS
// secret next to the aws_secret_access_key keyword.
func quietWhat(w what) bool {
	switch w {
	case wCardNoKeyword, wSSNNoKeyword, wSHA1, wJWT, wNotJWT:
		return true
	}
	return false
}

// inText wraps value in a phrase for w.
func (g *fileGen) inText(w what, value, typ, neg string) plant {
	ph := pick(g.r, phrases[w])
	return plant{
		text: ph.before + value + ph.after, typ: typ, neg: neg, value: value, off: len(ph.before),
		keyword: keywordWhat(w), needsQuiet: quietWhat(w),
	}
}

var notesPositives = []what{wCardKeyword, wCardNoKeyword, wSSN, wEmail, wIBAN, wAWSKeyID, wAWSSecret, wJWT}

// positive plants an identifier in a slot of kind k; false when the file has
// no room for more of that type or no new value could be drawn.
func (g *fileGen) positive(k slotKind) (plant, bool) {
	if k == slotNotes {
		// One plant in eight is a name or an address: two types among a
		// hundred and fifty would otherwise be too few in prose to measure.
		if g.r.intn(8) == 0 {
			return g.idPositive(&peopleSpecs[g.r.intn(len(peopleSpecs))])
		}
		i := g.r.intn(len(notesPositives) + len(idSpecs))
		if i >= len(notesPositives) {
			return g.idPositive(&idSpecs[i-len(notesPositives)])
		}
		w := notesPositives[i]
		typ := typeOfWhat(w)
		if !g.room(typ) {
			return plant{}, false
		}
		v, ok := g.fresh(valueGen(w))
		if !ok {
			return plant{}, false
		}
		return g.inText(w, v, typ, ""), true
	}
	var w what
	switch k {
	case slotEmail:
		w = wEmail
	case slotCardKeyword:
		w = wCardKeyword
	case slotCardNeutral:
		w = wCardNoKeyword
	case slotSSN:
		w = wSSN
	case slotIBAN:
		w = wIBAN
	case slotAWSKeyID:
		w = wAWSKeyID
	case slotAWSSecret:
		w = wAWSSecret
	case slotJWT:
		w = wJWT
	default:
		return plant{}, false
	}
	typ := typeOfWhat(w)
	if !g.room(typ) {
		return plant{}, false
	}
	v, ok := g.fresh(valueGen(w))
	if !ok {
		return plant{}, false
	}
	return plant{text: v, typ: typ, value: v}, true
}

func typeOfWhat(w what) string {
	switch w {
	case wCardKeyword:
		return TypeCreditCard
	case wCardNoKeyword:
		return TypeCreditCardNoKeyword
	case wSSN:
		return TypeSSN
	case wEmail:
		return TypeEmail
	case wIBAN:
		return TypeGermanIBAN
	case wAWSKeyID, wAWSSecret:
		return TypeAWSCredentials
	case wJWT:
		return TypeJWT
	}
	return ""
}

// valueGen returns the generator of identifier values for w.
func valueGen(w what) func(r *rng) string {
	switch w {
	case wCardKeyword, wCardNoKeyword:
		return func(r *rng) string { d, _ := cardDigits(r); return formatCard(r, d) }
	case wSSN:
		return validSSN
	case wEmail:
		return func(r *rng) string { f, l := randomPerson(r); return email(r, f, l) }
	case wIBAN:
		return germanIBAN
	case wAWSKeyID:
		return awsAccessKeyID
	case wAWSSecret:
		return awsSecretKey
	case wJWT:
		return jwt
	}
	panic("testcorpus: no value generator for " + strconv.Itoa(int(w)))
}

// negKind is one hard negative a slot may hold: its kind, what phrase it
// takes in free text, and its generator.
type negKind struct {
	kind string
	w    what
	gen  func(r *rng) (string, string) // value, kind (when gen decides it)
}

func fixedKind(kind string, f func(r *rng) string) func(r *rng) (string, string) {
	return func(r *rng) (string, string) { return f(r), kind }
}

func bytesGen(f func(b []byte, r *rng) []byte) func(r *rng) string {
	return func(r *rng) string { return string(f(nil, r)) }
}

var (
	negLuhnKeyword = negKind{NegLuhnInvalidCard, wCardKeyword, fixedKind(NegLuhnInvalidCard, func(r *rng) string { return formatCard(r, luhnInvalidCardDigits(r)) })}
	negLuhnQuiet   = negKind{NegLuhnInvalidCard, wCardNoKeyword, negLuhnKeyword.gen}
	negMasked      = negKind{NegMaskedCard, wCardKeyword, fixedKind(NegMaskedCard, maskedCard)}
	negSSNInvalid  = negKind{"", wSSN, invalidSSN}
	negSSNQuiet    = negKind{NegSSNNoKeyword, wSSNNoKeyword, fixedKind(NegSSNNoKeyword, validSSN)}
	negIBAN        = negKind{NegIBANBadChecksum, wIBAN, fixedKind(NegIBANBadChecksum, badGermanIBAN)}
	negAWSKey      = negKind{"", wAWSKeyID, badAWSAccessKeyID}
	negNotJWT      = negKind{NegNotJWT, wNotJWT, fixedKind(NegNotJWT, notJWT)}
	negUUID        = negKind{NegUUID, wUUID, fixedKind(NegUUID, bytesGen(appendUUID))}
	negSHA256      = negKind{NegSHA256, wSHA256, fixedKind(NegSHA256, func(r *rng) string { return string(appendHash(nil, r, 64)) })}
	negSHA1        = negKind{NegSHA1, wSHA1, fixedKind(NegSHA1, func(r *rng) string { return string(appendHash(nil, r, 40)) })}
	negMD5         = negKind{NegMD5, wMD5, fixedKind(NegMD5, func(r *rng) string { return string(appendHash(nil, r, 32)) })}
	negUnixTime    = negKind{NegTimestamp, wUnixTime, fixedKind(NegTimestamp, func(r *rng) string { return string(appendUnixTime(nil, r, false)) })}
	negUnixTimeMS  = negKind{NegTimestamp, wUnixTime, fixedKind(NegTimestamp, func(r *rng) string { return string(appendUnixTime(nil, r, true)) })}
	negISODate     = negKind{NegISODate, wISODate, fixedKind(NegISODate, bytesGen(appendISODate))}
	negISOTime     = negKind{NegISODate, wISODate, fixedKind(NegISODate, func(r *rng) string { return string(appendISOTime(nil, r, false)) })}
	negOrderID     = negKind{NegOrderID, wOrderID, fixedKind(NegOrderID, bytesGen(appendOrderID))}

	notesNegatives = []negKind{
		negLuhnKeyword, negLuhnQuiet, negSSNInvalid, negSSNQuiet, negIBAN, negAWSKey, negNotJWT,
		negUUID, negSHA256, negSHA1, negMD5, negUnixTime, negUnixTimeMS, negISODate, negOrderID,
	}
	slotNegatives = [...][]negKind{
		slotNotes:       notesNegatives,
		slotCardKeyword: {negLuhnKeyword, negMasked},
		slotCardNeutral: {negLuhnQuiet},
		slotSSN:         {negSSNInvalid},
		slotIBAN:        {negIBAN},
		slotAWSKeyID:    {negAWSKey},
		slotJWT:         {negNotJWT},
		slotUUID:        {negUUID},
		slotSHA256:      {negSHA256},
		slotSHA1:        {negSHA1},
		slotMD5:         {negMD5},
		slotUnixTime:    {negUnixTime},
		slotUnixTimeMS:  {negUnixTimeMS},
		slotISODate:     {negISODate},
		slotISOTime:     {negISOTime},
		slotOrderID:     {negOrderID},
	}
)

// negative plants a hard negative in a slot of kind k; false when the slot
// takes none.
func (g *fileGen) negative(k slotKind) (plant, bool) {
	if int(k) >= len(slotNegatives) || len(slotNegatives[k]) == 0 {
		return plant{}, false
	}
	if k == slotNotes {
		if g.r.intn(8) == 0 { // as in positive
			spec := &peopleSpecs[g.r.intn(len(peopleSpecs))]
			return g.idNegative(spec, &spec.negs[g.r.intn(len(spec.negs))])
		}
		if i := g.r.intn(len(notesNegatives) + len(idNegatives)); i >= len(notesNegatives) {
			n := idNegatives[i-len(notesNegatives)]
			return g.idNegative(&idSpecs[n[0]], &idSpecs[n[0]].negs[n[1]])
		}
	}
	nk := pick(g.r, slotNegatives[k])
	kind := ""
	v, ok := g.fresh(func(r *rng) string {
		var val string
		val, kind = nk.gen(r)
		return val
	})
	if !ok || !g.room(kind) {
		return plant{}, false
	}
	if k == slotNotes {
		return g.inText(nk.w, v, "", kind), true
	}
	return plant{text: v, neg: kind, value: v}, true
}

// filler appends an unplanted value for a slot of kind k. Slots named for
// an identifier are mostly empty, as real exports are; callers writing JSON
// turn an empty value into null.
func (g *fileGen) filler(b []byte, k slotKind) []byte {
	r := g.r
	switch k {
	case slotNotes:
		if r.intn(2) == 0 {
			return b
		}
		return appendSentence(b, r)
	case slotCardKeyword:
		if r.intn(4) == 0 {
			return append(b, maskedCard(r)...)
		}
		return b
	case slotCardNeutral:
		if r.intn(3) == 0 {
			return b
		}
		return appendToken(b, r)
	case slotUUID:
		return appendUUID(b, r)
	case slotSHA256:
		return appendHash(b, r, 64)
	case slotSHA1:
		return appendHash(b, r, 40)
	case slotMD5:
		return appendHash(b, r, 32)
	case slotUnixTime:
		return appendUnixTime(b, r, false)
	case slotUnixTimeMS:
		return appendUnixTime(b, r, true)
	case slotISODate:
		return appendISODate(b, r)
	case slotISOTime:
		return appendISOTime(b, r, false)
	case slotPhone:
		return appendPhoneless(b, r)
	case slotOrderID:
		return appendOrderID(b, r)
	}
	return b
}
