package testcorpus

import (
	"strings"
	"testing"
)

func TestLuhn(t *testing.T) {
	for _, tc := range []struct {
		digits string
		valid  bool
	}{
		{"79927398713", true}, // the classic example
		{"79927398710", false},
		{"4111111111111111", true}, // published test cards
		{"5555555555554444", true},
		{"378282246310005", true},
		{"6011111111111117", true},
		{"3530111333300000", true},
		{"1234567812345670", true},
		{"1234567812345678", false},
		{"0", false},
		{"", false},
		{"4111-1111", false}, // not digits only
	} {
		if got := luhnValid(tc.digits); got != tc.valid {
			t.Errorf("luhnValid(%q) = %v, want %v", tc.digits, got, tc.valid)
		}
	}
	if got := luhnCheckDigit("7992739871"); got != '3' {
		t.Errorf("luhnCheckDigit(7992739871) = %c, want 3", got)
	}
	if got := luhnCheckDigit("411111111111111"); got != '1' {
		t.Errorf("luhnCheckDigit(411111111111111) = %c, want 1", got)
	}
}

func TestIssuer(t *testing.T) {
	for _, tc := range []struct {
		digits string
		issuer string // "" for none
	}{
		{"4111111111111111", "visa"},
		{"4222222222222", ""}, // 13-digit Visa is not in the rules
		{"5105105105105100", "mastercard"},
		{"2223003122003222", "mastercard"},
		{"2720990000000000", "mastercard"},
		{"2721000000000000", ""},
		{"378282246310005", "amex"},
		{"341111111111111", "amex"},
		{"3782822463100050", ""}, // Amex prefix, 16 digits
		{"6011000990139424", "discover"},
		{"6500000000000000", "discover"},
		{"3530111333300000", "jcb"},
		{"3590000000000000", ""},
		{"1234567812345670", ""},
	} {
		got := ""
		if is := issuerOf(tc.digits); is != nil {
			got = is.name
		}
		if got != tc.issuer {
			t.Errorf("issuerOf(%s) = %q, want %q", tc.digits, got, tc.issuer)
		}
	}
}

func TestIBAN(t *testing.T) {
	for _, tc := range []struct {
		iban  string
		valid bool
	}{
		{"DE89370400440532013000", true}, // published examples
		{"GB82WEST12345698765432", true},
		{"FR1420041010050500013M02606", true},
		{"NL91ABNA0417164300", true},
		{"CH9300762011623852957", true},
		{"DE89370400440532013001", false},
		{"DE98370400440532013000", false}, // swapped check digits
		{"DE8937040044053201300", false},  // short, but not by mod-97 alone
		{"de89370400440532013000", false}, // lower case
	} {
		if got := ibanValid(tc.iban) && (len(tc.iban) != 21 || !strings.HasPrefix(tc.iban, "DE")); got != tc.valid {
			t.Errorf("ibanValid(%s) = %v, want %v", tc.iban, got, tc.valid)
		}
	}
	if got := ibanCheckDigits("DE", "370400440532013000"); got != "89" {
		t.Errorf("ibanCheckDigits(DE, 370400440532013000) = %s, want 89", got)
	}
	if got := ibanCheckDigits("GB", "WEST12345698765432"); got != "82" {
		t.Errorf("ibanCheckDigits(GB, WEST…) = %s, want 82", got)
	}
	if !germanIBANValid("DE89370400440532013000") || germanIBANValid("GB82WEST12345698765432") || germanIBANValid("DE8937040044053201300") {
		t.Error("germanIBANValid disagrees with the published examples")
	}
}

func TestSSN(t *testing.T) {
	for _, tc := range []struct {
		digits string
		valid  bool
	}{
		{"536221234", true},
		{"001010001", true},
		{"899999999", true},
		{"665123456", true},
		{"667123456", true},
		{"000123456", false},
		{"666123456", false},
		{"900123456", false},
		{"999123456", false},
		{"536001234", false},
		{"536220000", false},
		{"078051120", false}, // advertised
		{"219099999", false},
		{"123456789", false},
		{"12345678", false},
	} {
		if got := ssnDigitsValid(tc.digits); got != tc.valid {
			t.Errorf("ssnDigitsValid(%s) = %v, want %v", tc.digits, got, tc.valid)
		}
	}
}

func TestKeywords(t *testing.T) {
	for _, tc := range []struct {
		text             string
		kws              []string
		from, to, window int
		underscore       bool
		want             bool
	}{
		{"PAN 4532015112830366", cardKeywords, 4, 20, 30, false, true},
		{"Company 4532015112830366", cardKeywords, 8, 24, 30, false, false},
		{"card_number=4532", cardKeywords, 12, 16, 30, false, true},
		{"card_number=4532", cardKeywords, 12, 16, 30, true, false},
		{"we discovered 4532", cardKeywords, 14, 18, 30, false, false},
		{"CC# 4532", cardKeywords, 4, 8, 30, false, true},
		{"card " + strings.Repeat("x", 28) + " 4532", cardKeywords, 34, 38, 30, false, true},  // 30 between
		{"card " + strings.Repeat("x", 29) + " 4532", cardKeywords, 35, 39, 30, false, false}, // 31 between
		{"4532 " + strings.Repeat("x", 25) + " visa", cardKeywords, 0, 4, 30, false, true},
		{"SS# 536-22-1234", ssnKeywords, 4, 15, 30, false, true},
		{"Social Security number: 536-22-1234", ssnKeywords, 24, 35, 30, false, true},
		{"grassnote 536-22-1234", ssnKeywords, 10, 21, 30, false, false},
		{"export AWS_SECRET_ACCESS_KEY=x", secretKeywords, 29, 30, 30, true, true},
	} {
		if got := keywordAt(tc.text, tc.kws, tc.from, tc.to, tc.window, tc.underscore, false); got != tc.want {
			t.Errorf("keywordAt(%q, underscore=%v) = %v, want %v", tc.text, tc.underscore, got, tc.want)
		}
	}
	if !hasKeyword("two cards on file", cardKeywords) || hasKeyword("two cards on file", ssnKeywords) {
		t.Error("hasKeyword must take plurals")
	}
}

func TestNormalizeName(t *testing.T) {
	for in, want := range map[string]string{
		"card_number":           "card number",
		"cardNumber":            "card number",
		"payment-token.ref":     "payment token ref",
		"aws_secret_access_key": "aws secret access key",
		"SSN":                   "ssn",
	} {
		if got := normalizeName(in); got != want {
			t.Errorf("normalizeName(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestNumbersSafe(t *testing.T) {
	for _, tc := range []struct {
		s    string
		safe bool
	}{
		{"order 12345 shipped", true},
		{"ts=1710498121123", true},            // starts with 1: no issuer
		{"x4532015112830366y", false},         // a card's digits between letters
		{"4532 0151 1283 0366", false},        // grouped
		{"+45 3201 5112 830366", false},       // grouped any way
		{"4532015112830367", true},            // Luhn fails
		{"ibanDE89370400440532013000", false}, // a German IBAN after letters
		{"+49 30 1234567", true},              // a phone number
		{"2024-03-15T10:22:01Z", true},        // a date
		{"12345678-1234-4123-8123-123456789012", true},
	} {
		if got := numbersSafe(tc.s); got != tc.safe {
			t.Errorf("numbersSafe(%q) = %v, want %v", tc.s, got, tc.safe)
		}
	}
}

// TestVocabularyHasNoKeywords: filler never brings a keyword, under any
// reading of "word boundary", plural or not.
func TestVocabularyHasNoKeywords(t *testing.T) {
	var words []string
	for _, p := range append(append([]person{}, firstNames...), lastNames...) {
		words = append(words, p.display, p.ascii)
	}
	for _, list := range [][]string{cities, englishStreetNames, englishStreetTypes, suffixStreets, typeFirstStreetNames,
		frenchStreets, plainStreets, timeWords, thingWords, placeWords, countedThings, emailDomains, countries, currencies, services, httpPaths,
		httpMethods, logLevels, logMessages, subjects, verbs, objects, tails, envNames, statuses, orderStatuses,
		skus, productNames, keyIntros, publicIntros} {
		words = append(words, list...)
	}
	for _, w := range words {
		if hasKeyword(w, allKeywords) || hasKeyword(normalizeName(w), allKeywords) {
			t.Errorf("filler %q holds a keyword", w)
		}
		if strings.ContainsAny(w, "\t\"\n@") {
			t.Errorf("filler %q holds a tab, quote, newline or @", w)
		}
	}
	for w, list := range phrases {
		for _, ph := range list {
			has := hasKeyword(ph.before+" "+ph.after, allKeywords)
			if keywordWhat(what(w)) {
				if !keywordAt(ph.before+"1", allKeywords, len(ph.before), len(ph.before)+1, 30, false, false) ||
					!keywordAt(ph.before+"1", allKeywords, len(ph.before), len(ph.before)+1, 30, true, false) {
					t.Errorf("phrase %q puts no keyword within 30 characters", ph.before)
				}
				if hasKeyword(ph.after, allKeywords) {
					t.Errorf("phrase after %q holds a keyword", ph.after)
				}
			} else if has {
				t.Errorf("phrase %q … %q holds a keyword", ph.before, ph.after)
			}
			if ph.after != "" && (ph.after[0] != ' ' && ph.after[0] != ',') {
				t.Errorf("phrase after %q does not start with a separator", ph.after)
			}
			if n := len(ph.before); n > 0 && isAlnum(ph.before[n-1]) {
				t.Errorf("phrase before %q ends in a letter or digit", ph.before)
			}
		}
	}
}

func FuzzLuhn(f *testing.F) {
	for _, s := range []string{"7992739871", "411111111111111", "0", "123456789012345678"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		body := make([]byte, 0, len(s))
		for _, c := range []byte(s) {
			body = append(body, '0'+c%10)
		}
		if len(body) == 0 {
			return
		}
		full := string(body) + string(luhnCheckDigit(string(body)))
		if !luhnValid(full) {
			t.Fatalf("%s with its check digit fails Luhn", full)
		}
		// Luhn catches every single-digit error.
		last := full[len(full)-1]
		wrong := full[:len(full)-1] + string('0'+(last-'0'+1)%10)
		if luhnValid(wrong) {
			t.Fatalf("%s passes Luhn with a wrong check digit", wrong)
		}
	})
}

func FuzzGermanIBAN(f *testing.F) {
	f.Add("370400440532013000", 3, byte(7))
	f.Add("100700000000000000", 0, byte(1))
	f.Fuzz(func(t *testing.T, s string, pos int, delta byte) {
		bban := make([]byte, 18)
		for i := range bban {
			if i < len(s) {
				bban[i] = '0' + s[i]%10
			} else {
				bban[i] = '0'
			}
		}
		iban := "DE" + ibanCheckDigits("DE", string(bban)) + string(bban)
		if !germanIBANValid(iban) {
			t.Fatalf("%s with computed check digits is invalid", iban)
		}
		// mod-97 catches every single-digit substitution.
		b := []byte(iban)
		i := 2 + (pos%20+20)%20
		b[i] = '0' + (b[i]-'0'+1+delta%9)%10
		if germanIBANValid(string(b)) {
			t.Fatalf("%s (one digit off %s) passes mod-97", b, iban)
		}
	})
}

func FuzzNumbersSafe(f *testing.F) {
	for _, s := range []string{"4532 0151 1283 0366", "+49 30 1234567", "ab-12-34", "", "1 2 3 4 5 6 7 8 9 0 1 2 3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		safe := numbersSafe(s)
		// A card-like maximal digit run always makes s unsafe.
		for _, run := range strings.FieldsFunc(s, func(c rune) bool { return c < '0' || c > '9' }) {
			if cardLike(run) && safe {
				t.Fatalf("numbersSafe(%q) = true with card-like run %s", s, run)
			}
		}
	})
}

func FuzzKeywordAt(f *testing.F) {
	f.Add("card number 4532", 12, 16)
	f.Add("SSN", 0, 3)
	f.Fuzz(func(t *testing.T, s string, from, to int) {
		if from < 0 || to < from || to > len(s) {
			return
		}
		// Never panics; a keyword found within 30 is found within 45, and anywhere.
		if keywordAt(s, allKeywords, from, to, 30, false, false) &&
			(!keywordAt(s, allKeywords, from, to, 45, false, false) || !keywordAt(s, allKeywords, from, to, -1, false, false)) {
			t.Fatalf("keyword window is not monotonic in %q", s)
		}
	})
}
