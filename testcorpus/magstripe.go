package testcorpus

import "strings"

// Magnetic stripe data, planted as ISO/IEC 7813 track 1 in free text:
// "%B", the card number, '^', the holder's name, '^', the expiry YYMM and
// service code, discretionary data and the end sentinel '?'. Track 2
// (";PAN=…?") is not planted: its card number is bounded by ';' and '=',
// and whether it is also a card number on its own is a reading the rules
// leave open.

const (
	TypeMagStripe       = "CREDIT_CARD_MAGNETIC_STRIPE"
	NegMagStripeBadLuhn = "magstripe_bad_luhn" // a track 1 whose card number fails Luhn
)

var magStripeKeywords = []string{"track data", "track 1", "track 2", "track1", "track2", "magnetic stripe", "mag stripe", "swipe", "card data", "iso 7813"}

var magStripeSpec = idSpec{
	typ:        TypeMagStripe,
	phrases:    []phrase{{"Track 1: ", " captured by the reader."}, {"track1=", ""}, {"Mag stripe read ", " at lane 4."}},
	gen:        magStripeGen(func(r *rng) string { d, _ := cardDigits(r); return d }),
	negs:       []idNeg{{NegMagStripeBadLuhn, false, magStripeGen(luhnInvalidCardDigits)}},
	cardShaped: true,
}

// magStripeGen returns a generator of track 1 data around card numbers
// from pan. The discretionary data makes the digits after the second '^'
// one run of 20 or more, which no rule reads as a number of its own.
func magStripeGen(pan func(r *rng) string) func(r *rng) string {
	return func(r *rng) string {
		for {
			f, l := randomPerson(r)
			b := []byte("%B" + pan(r) + "^" + strings.ToUpper(l.ascii) + "/" + strings.ToUpper(f.ascii) + "^")
			b = append(b, pad(r.between(26, 32), 2)+pad(r.between(1, 12), 2)+pick(r, []string{"101", "120", "201", "221"})...)
			b = r.digits(b, r.between(13, 20))
			v := string(append(b, '?'))
			if !hasKeyword(v, allKeywords) && magStripeName(v) {
				return v
			}
		}
	}
}

// magStripeName reports whether the name field holds only letters, '/'
// and spaces, 2 to 26 of them.
func magStripeName(v string) bool {
	parts := strings.Split(v, "^")
	if len(parts) != 3 || len(parts[1]) < 2 || len(parts[1]) > 26 {
		return false
	}
	for _, c := range []byte(parts[1]) {
		if !isUpper(c) && c != '/' && c != ' ' {
			return false
		}
	}
	return true
}
