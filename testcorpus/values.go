package testcorpus

import (
	"encoding/base64"
	"strconv"
	"strings"
)

// Generators of planted values (identifiers and hard negatives). They run once
// per planted value, so clarity wins over speed here; the filler in filler.go
// is the hot path.

// cardDigits returns a random Luhn-valid card number of a random issuer,
// never a published test number.
func cardDigits(r *rng) (string, *cardIssuer) {
	for {
		is := &cardIssuers[r.intn(len(cardIssuers))]
		b := make([]byte, 0, is.length)
		b = strconv.AppendInt(b, int64(r.between(is.lo, is.hi)), 10)
		b = r.digits(b, is.length-1-len(b))
		b = append(b, luhnCheckDigit(string(b)))
		s := string(b)
		if !knownTestCards[s] && isCardNumber(s) {
			return s, is
		}
	}
}

// luhnInvalidCardDigits returns a number with a valid issuer prefix and length
// that fails the Luhn check.
func luhnInvalidCardDigits(r *rng) string {
	d, _ := cardDigits(r)
	last := int(d[len(d)-1] - '0')
	bad := byte('0' + (last+1+r.intn(9))%10)
	return d[:len(d)-1] + string(bad)
}

// formatCard lays digits out as the rules allow: contiguous, or 4-4-4-4 (16
// digits) / 4-6-5 (15 digits) with single spaces or dashes.
func formatCard(r *rng, d string) string {
	sep := ""
	switch r.intn(5) {
	case 0, 1:
		return d
	case 2, 3:
		sep = " "
	default:
		sep = "-"
	}
	if len(d) == 15 {
		return d[:4] + sep + d[4:10] + sep + d[10:]
	}
	if len(d) != 16 {
		return d
	}
	return d[:4] + sep + d[4:8] + sep + d[8:12] + sep + d[12:]
}

// maskedCard is a card as receipts print it: only the last four digits.
func maskedCard(r *rng) string {
	b := []byte("**** **** **** ")
	if r.intn(2) == 0 {
		b = []byte("************")
	}
	return string(r.digits(b, 4))
}

// ssnFormats lays out an SSN as ddd-dd-dddd, ddd dd dddd or ddddddddd.
func formatSSN(r *rng, area, group, serial int) string {
	a := pad(area, 3)
	g := pad(group, 2)
	s := pad(serial, 4)
	switch r.intn(8) {
	case 0:
		return a + " " + g + " " + s
	case 1, 2:
		return a + g + s
	default:
		return a + "-" + g + "-" + s
	}
}

func pad(n, width int) string {
	s := strconv.Itoa(n)
	for len(s) < width {
		s = "0" + s
	}
	return s
}

func validSSNParts(r *rng) (int, int, int) {
	for {
		area := r.between(1, 899)
		group := r.between(1, 99)
		serial := r.between(1, 9999)
		if ssnValid(area, group, serial) {
			return area, group, serial
		}
	}
}

func validSSN(r *rng) string {
	a, g, s := validSSNParts(r)
	return formatSSN(r, a, g, s)
}

// invalidSSN returns an SSN-shaped number outside the valid ranges, and the
// negative kind saying which rule it breaks.
func invalidSSN(r *rng) (string, string) {
	a, g, s := validSSNParts(r)
	switch r.intn(6) {
	case 0:
		return formatSSN(r, 0, g, s), NegSSNInvalidArea
	case 1:
		return formatSSN(r, 666, g, s), NegSSNInvalidArea
	case 2:
		return formatSSN(r, r.between(900, 999), g, s), NegSSNInvalidArea
	case 3:
		return formatSSN(r, a, 0, s), NegSSNInvalidGroup
	case 4:
		return formatSSN(r, a, g, 0), NegSSNInvalidSerial
	default:
		adv := [][3]int{{78, 5, 1120}, {219, 9, 9999}, {123, 45, 6789}}[r.intn(3)]
		return formatSSN(r, adv[0], adv[1], adv[2]), NegSSNAdvertised
	}
}

const awsKeyChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"

// awsAccessKeyID returns "AKIA" and 16 characters of [A-Z2-7].
func awsAccessKeyID(r *rng) string {
	for {
		s := string(r.fromSet([]byte("AKIA"), awsKeyChars, 16))
		if !strings.HasSuffix(s, "EXAMPLE") {
			return s
		}
	}
}

// badAWSAccessKeyID returns an AKIA-like string the rule rejects.
func badAWSAccessKeyID(r *rng) (string, string) {
	switch r.intn(3) {
	case 0:
		return strings.ToLower(awsAccessKeyID(r)), NegAWSKeyLowercase
	case 1:
		return string(r.fromSet([]byte("AKIA"), awsKeyChars, 15)), NegAWSKeyWrongLength
	default:
		return string(r.fromSet([]byte("AKIA"), awsKeyChars, 17)), NegAWSKeyWrongLength
	}
}

const secretChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789/+"

// awsSecretKey returns 40 characters of [A-Za-z0-9/+], with at least one
// upper, one lower and one digit, as real secrets have.
func awsSecretKey(r *rng) string {
	for {
		s := string(r.fromSet(nil, secretChars, 40))
		if strings.HasSuffix(s, "EXAMPLEKEY") || !strings.ContainsAny(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZ") ||
			!strings.ContainsAny(s, "abcdefghijklmnopqrstuvwxyz") || !strings.ContainsAny(s, "0123456789") ||
			!numbersSafe(s) || !noAWSKeyInside(s) {
			continue
		}
		return s
	}
}

// noAWSKeyInside reports whether s holds nothing an access key id rule could
// take (AKIA after a non-alphanumeric or at the start).
func noAWSKeyInside(s string) bool {
	for i := strings.Index(s, "AKIA"); i >= 0; {
		if i == 0 || !isAlnum(s[i-1]) {
			return false
		}
		j := strings.Index(s[i+1:], "AKIA")
		if j < 0 {
			break
		}
		i += 1 + j
	}
	return true
}

var b64url = base64.RawURLEncoding

var jwtHeaders = []string{
	`{"alg":"HS256","typ":"JWT"}`,
	`{"alg":"RS256","typ":"JWT"}`,
	`{"alg":"ES256","typ":"JWT"}`,
	`{"typ":"JWT","alg":"HS256"}`,
	`{"alg":"RS256","typ":"JWT","kid":"k1"}`,
}

// jwt returns header.payload.signature, each base64url without padding.
func jwt(r *rng) string {
	for {
		var p []byte
		p = append(p, `{"sub":"user-`...)
		p = strconv.AppendInt(p, int64(r.between(1000, 9999999)), 10)
		iat := int64(r.between(1_600_000_000, 1_790_000_000))
		p = append(p, `","iat":`...)
		p = strconv.AppendInt(p, iat, 10)
		if r.intn(2) == 0 {
			p = append(p, `,"exp":`...)
			p = strconv.AppendInt(p, iat+3600, 10)
		}
		if r.intn(3) == 0 {
			p = append(p, `,"scope":"orders:read"`...)
		}
		p = append(p, '}')
		s := b64url.EncodeToString([]byte(pick(r, jwtHeaders))) + "." +
			b64url.EncodeToString(p) + "." + b64url.EncodeToString(r.bytes(32))
		if numbersSafe(s) && noAWSKeyInside(s) {
			return s
		}
	}
}

// notJWT returns an "eyJ…" string that is not a JWT: a one-segment
// pagination cursor, or a header and payload with no signature segment.
func notJWT(r *rng) string {
	cursor := `{"page":` + strconv.Itoa(r.between(2, 500)) + `,"after":"` + string(r.hex(nil, 12)) + `"}`
	if r.intn(2) == 0 {
		return b64url.EncodeToString([]byte(cursor))
	}
	return b64url.EncodeToString([]byte(pick(r, jwtHeaders))) + "." + b64url.EncodeToString([]byte(cursor))
}

// email returns a realistic address built from a name.
func email(r *rng, first, last person) string {
	var b []byte
	switch r.intn(6) {
	case 0:
		b = append(b, first.ascii[0])
		b = append(b, '.')
		b = append(b, last.ascii...)
	case 1:
		b = append(b, first.ascii...)
		b = append(b, last.ascii...)
	case 2:
		b = append(b, first.ascii...)
		b = append(b, '_')
		b = append(b, last.ascii...)
	default:
		b = append(b, first.ascii...)
		b = append(b, '.')
		b = append(b, last.ascii...)
	}
	if r.intn(3) == 0 {
		b = strconv.AppendInt(b, int64(r.between(1, 99)), 10)
	}
	b = append(b, '@')
	b = append(b, pick(r, emailDomains)...)
	return string(b)
}

// germanIBAN returns a mod-97 valid German IBAN, contiguous or in groups of
// four.
func germanIBAN(r *rng) string {
	for {
		bban := pick(r, blz) + string(r.digits(nil, 10))
		s := "DE" + ibanCheckDigits("DE", bban) + bban
		if !germanIBANValid(s) {
			continue
		}
		f := formatIBAN(r, s)
		if digitGroupsSafe(f) && furtherNumbersSafe(f) {
			return f
		}
	}
}

// badGermanIBAN returns a German-IBAN-shaped string whose check digits are
// wrong.
func badGermanIBAN(r *rng) string {
	for {
		bban := pick(r, blz) + string(r.digits(nil, 10))
		good := ibanCheckDigits("DE", bban)
		bad := pad(r.between(2, 98), 2)
		if bad == good {
			continue
		}
		f := formatIBAN(r, "DE"+bad+bban)
		if digitGroupsSafe(f) && furtherNumbersSafe(f) {
			return f
		}
	}
}

func formatIBAN(r *rng, s string) string {
	if r.intn(2) == 0 {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i += 4 {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s[i:min(i+4, len(s))])
	}
	return b.String()
}

// keyBlock returns a PEM-style block: BEGIN line, base64 lines of width
// characters, END line. The body is the base64 of bodyBytes random bytes
// with its start overwritten by prefix, so it looks like the real thing
// ("b3BlbnNzaC1rZXktdjEAAAAA" is "openssh-key-v1\0") and keeps the length
// and padding of a real encoding.
func keyBlock(r *rng, label, prefix string, width, bodyBytes int) []string {
	for {
		body := []byte(base64.StdEncoding.EncodeToString(r.bytes(bodyBytes)))
		copy(body, prefix)
		if !numbersSafe(string(body)) || !noAWSKeyInside(string(body)) {
			continue // astronomically rare, but filler must be clean
		}
		lines := []string{"-----BEGIN " + label + "-----"}
		for i := 0; i < len(body); i += width {
			lines = append(lines, string(body[i:min(i+width, len(body))]))
		}
		return append(lines, "-----END "+label+"-----")
	}
}

// privateKey returns a private key block and its identifier type.
func privateKey(r *rng) ([]string, string) {
	switch r.intn(4) {
	case 0, 1:
		return keyBlock(r, "OPENSSH PRIVATE KEY", "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQ", 70, pick(r, []int{399, 1823, 2590})), TypeOpenSSHPrivateKey
	case 2:
		return keyBlock(r, "RSA PRIVATE KEY", "MIIEpAIBAAKCAQEA", 64, 1191+r.intn(4)), TypePKCS
	default:
		if r.intn(2) == 0 {
			return keyBlock(r, "EC PRIVATE KEY", "MHcCAQEEI", 64, 121), TypePKCS
		}
		return keyBlock(r, "PRIVATE KEY", "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC", 64, 1217+r.intn(4)), TypePKCS
	}
}

// publicBlock returns a public key or certificate block, a hard negative.
func publicBlock(r *rng) ([]string, string) {
	if r.intn(2) == 0 {
		return keyBlock(r, "PUBLIC KEY", "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA", 64, 294), NegPublicKey
	}
	return keyBlock(r, "CERTIFICATE", "MIIDdzCCAl+gAwIBAgIE", 64, r.between(800, 1400)), NegCertificate
}
