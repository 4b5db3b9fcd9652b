package testcorpus

import (
	"strconv"
	"unicode/utf8"
)

// Filler: the values around the planted ones. This is the hot path of
// generation, so everything appends to a caller's buffer. Every filler value
// is built so that no identifier rule can take it: numbers are checked with
// the validators in checks.go and redrawn on a collision.

// appendUUID appends a random version-4 UUID, redrawn in the rare case its
// all-digit groups read as a card number or a national identifier.
func appendUUID(b []byte, r *rng) []byte {
	start := len(b)
	for {
		b = appendUUIDOnce(b[:start], r)
		if digitGroupsSafe(b[start:]) && furtherNumbersSafe(b[start:]) && nationalDigitsSafe(b[start:]) {
			return b
		}
	}
}

func appendUUIDOnce(b []byte, r *rng) []byte {
	v1, v2 := r.u64(), r.u64()
	var raw [16]byte
	for i := range 8 {
		raw[i] = byte(v1 >> (8 * i))
		raw[8+i] = byte(v2 >> (8 * i))
	}
	raw[6] = raw[6]&0x0f | 0x40
	raw[8] = raw[8]&0x3f | 0x80
	for i, x := range raw {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			b = append(b, '-')
		}
		b = append(b, hexDigits[x>>4], hexDigits[x&15])
	}
	return b
}

// appendHash appends n random hex digits, redrawn while any digit run in
// them is 13 digits or longer, so that no reading of the card rule, however
// loose about boundaries, can take part of a hash.
func appendHash(b []byte, r *rng, n int) []byte {
	start := len(b)
	for {
		b = r.hex(b[:start], n)
		if maxDigitRun(b[start:]) < 13 {
			return b
		}
	}
}

func maxDigitRun(b []byte) int {
	best, cur := 0, 0
	for _, c := range b {
		if isDigit(c) {
			cur++
			best = max(best, cur)
		} else {
			cur = 0
		}
	}
	return best
}

// Dates span 2019-01-01 .. 2026-12-31.
const (
	epochLo = 1_546_300_800
	epochHi = 1_798_761_599
)

// appendISODate appends a date, YYYY-MM-DD.
func appendISODate(b []byte, r *rng) []byte {
	return appendDate(b, int64(r.between(epochLo, epochHi)))
}

// appendISOTime appends a UTC timestamp, YYYY-MM-DDThh:mm:ssZ, with
// milliseconds when ms is set.
func appendISOTime(b []byte, r *rng, ms bool) []byte {
	t := int64(r.between(epochLo, epochHi))
	b = appendDate(b, t)
	sec := t % 86400
	b = append(b, 'T')
	b = append2(b, int(sec/3600))
	b = append(b, ':')
	b = append2(b, int(sec/60%60))
	b = append(b, ':')
	b = append2(b, int(sec%60))
	if ms {
		b = append(b, '.')
		n := r.intn(1000)
		b = append(b, byte('0'+n/100), byte('0'+n/10%10), byte('0'+n%10))
	}
	return append(b, 'Z')
}

func append2(b []byte, n int) []byte { return append(b, byte('0'+n/10), byte('0'+n%10)) }

// appendDate appends the civil date of Unix time t (days-from-civil inverse,
// after Howard Hinnant), without time.Time's cost per call.
func appendDate(b []byte, t int64) []byte {
	z := t/86400 + 719468
	era := z / 146097
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y := yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d := doy - (153*mp+2)/5 + 1
	m := mp + 3
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	b = strconv.AppendInt(b, y, 10)
	b = append(b, '-')
	b = append2(b, int(m))
	b = append(b, '-')
	return append2(b, int(d))
}

// appendUnixTime appends a Unix time in seconds (10 digits) or milliseconds
// (13 digits). They start with 1, which no issuer prefix does. Times that
// pass the check of a 10-digit identifier (a US NPI, a UK NHS number) or
// of the 13-digit Japanese corporate number, or of a national type planted
// as a plain digit run (national_values.go), are redrawn: a log line may
// follow a line with their keyword.
func appendUnixTime(b []byte, r *rng, ms bool) []byte {
	start := len(b)
	for {
		t := int64(r.between(epochLo, epochHi))
		if ms {
			t = t*1000 + int64(r.intn(1000))
		}
		b = strconv.AppendInt(b[:start], t, 10)
		if d := string(b[start:]); !npiValid(d) && !nhsValid(d) && !corporateValid(d) && !plainNationalValid(d) {
			return b
		}
	}
}

// phoneless are what a phone field holds: the catalogue's phone number
// identifiers take a number next to the column name "phone", and phone
// numbers are not planted (yet), so no number may sit there.
var phoneless = []string{"", "", "", "withheld", "on request", "see CRM", "n/a", "ask reception"}

// appendPhoneless appends a phone field's content: empty or a word.
func appendPhoneless(b []byte, r *rng) []byte { return append(b, pick(r, phoneless)...) }

// appendOrderID appends an order id like ORD-2024-000123.
func appendOrderID(b []byte, r *rng) []byte {
	b = append(b, "ORD-"...)
	b = strconv.AppendInt(b, int64(r.between(2019, 2026)), 10)
	b = append(b, '-')
	n := r.intn(1_000_000)
	for d := 100000; d > 0; d /= 10 {
		b = append(b, byte('0'+n/d%10))
	}
	return b
}

// appendAmount appends a money amount like 1234.56.
func appendAmount(b []byte, r *rng) []byte {
	b = strconv.AppendInt(b, int64(r.intn(5000)), 10)
	b = append(b, '.')
	return append2(b, r.intn(100))
}

// appendToken appends an opaque payment token: "tok_" and 24 lower-case
// letters and digits, starting with a letter so no digit run is bounded.
func appendToken(b []byte, r *rng) []byte {
	b = append(b, "tok_"...)
	b = append(b, byte('a'+r.intn(26)))
	return r.fromSet(b, "abcdefghijklmnopqrstuvwxyz0123456789", 23)
}

func randomPerson(r *rng) (person, person) { return pick(r, firstNames), pick(r, lastNames) }

func appendName(b []byte, first, last person) []byte {
	b = append(b, first.display...)
	b = append(b, ' ')
	return append(b, last.display...)
}

// appendSentence appends one filler sentence, free of keywords and of
// anything an identifier rule could take.
func appendSentence(b []byte, r *rng) []byte {
	switch r.intn(5) {
	case 0:
		// Filler names no person: every name the corpus writes is a NAME
		// label (people.go).
		b = append(b, pick(r, []string{"A colleague", "Someone", "A visitor", "The driver"})...)
		b = append(b, " from "...)
		b = append(b, pick(r, cities)...)
		b = append(b, ' ')
		b = append(b, pick(r, verbs)...)
		b = append(b, ' ')
		b = append(b, pick(r, objects)...)
		b = append(b, " on "...)
		b = appendISODate(b, r)
	case 1:
		b = append(b, pick(r, subjects)...)
		b = append(b, ' ')
		b = append(b, pick(r, verbs)...)
		b = append(b, ' ')
		b = append(b, pick(r, objects)...)
		b = append(b, " for "...)
		b = appendAmount(b, r)
		b = append(b, ' ')
		b = append(b, pick(r, currencies)...)
	case 2:
		b = append(b, pick(r, subjects)...)
		b = append(b, ' ')
		b = append(b, pick(r, verbs)...)
		b = append(b, ' ')
		b = append(b, pick(r, objects)...)
		b = append(b, ", "...)
		b = append(b, pick(r, tails)...)
	default:
		b = append(b, pick(r, subjects)...)
		b = append(b, ' ')
		b = append(b, pick(r, verbs)...)
		b = append(b, ' ')
		b = append(b, pick(r, objects)...)
		b = append(b, ' ')
		b = append(b, pick(r, tails)...)
	}
	return append(b, '.')
}

// logClock is a log file's clock: it starts at a random time and moves
// forward a few milliseconds to seconds per line, as a real log's does.
type logClock struct{ ms int64 }

func newLogClock(r *rng) *logClock {
	return &logClock{ms: int64(r.between(epochLo, epochHi-30*86400)) * 1000}
}

// appendTime appends the next timestamp, YYYY-MM-DDThh:mm:ss.mmmZ.
func (c *logClock) appendTime(b []byte, r *rng) []byte {
	c.ms += int64(r.intn(3000))
	sec := c.ms / 1000
	b = appendDate(b, sec)
	day := sec % 86400
	b = append(b, 'T')
	b = append2(b, int(day/3600))
	b = append(b, ':')
	b = append2(b, int(day/60%60))
	b = append(b, ':')
	b = append2(b, int(day%60))
	b = append(b, '.')
	n := c.ms % 1000
	b = append(b, byte('0'+n/100), byte('0'+n/10%10), byte('0'+n%10))
	return append(b, 'Z')
}

// appendLogPrefix appends "2024-03-15T10:22:01.123Z INFO  service ".
func appendLogPrefix(b []byte, r *rng, c *logClock) []byte {
	b = c.appendTime(b, r)
	b = append(b, ' ')
	b = append(b, pick(r, logLevels)...)
	b = append(b, ' ')
	b = append(b, pick(r, services)...)
	return append(b, ' ')
}

// appendLogMessage appends the filler part of a log line.
func appendLogMessage(b []byte, r *rng) []byte {
	switch r.intn(4) {
	case 0, 1:
		b = append(b, pick(r, httpMethods)...)
		b = append(b, ' ')
		b = append(b, pick(r, httpPaths)...)
		if r.intn(2) == 0 {
			b = append(b, '/')
			b = strconv.AppendInt(b, int64(r.between(1, 99999)), 10)
		}
		b = append(b, " status="...)
		b = strconv.AppendInt(b, int64(pick(r, []int{200, 200, 200, 201, 204, 304, 400, 404, 500})), 10)
		b = append(b, " duration_ms="...)
		b = strconv.AppendInt(b, int64(r.between(1, 2500)), 10)
		b = append(b, " request_id="...)
		b = appendUUID(b, r)
	case 2:
		b = append(b, pick(r, logMessages)...)
		b = append(b, " user_id="...)
		b = strconv.AppendInt(b, int64(r.between(1, 999999)), 10)
		b = append(b, " ts="...)
		b = appendUnixTime(b, r, r.intn(2) == 0)
		if r.intn(3) == 0 {
			// A three-part version: dotted numbers that are no IP address.
			b = append(b, " app_version="...)
			b = strconv.AppendInt(b, int64(r.between(1, 12)), 10)
			b = append(b, '.')
			b = strconv.AppendInt(b, int64(r.intn(40)), 10)
			b = append(b, '.')
			b = strconv.AppendInt(b, int64(r.intn(200)), 10)
		}
	default:
		b = append(b, pick(r, logMessages)...)
		b = append(b, " trace="...)
		b = appendHash(b, r, 32)
		b = append(b, " host=web-"...)
		b = strconv.AppendInt(b, int64(r.between(1, 40)), 10)
	}
	return b
}

// runeColumn returns the 1-based column, in runes, of byte offset off in line.
func runeColumn(line []byte, off int) int64 {
	return int64(utf8.RuneCount(line[:off])) + 1
}
