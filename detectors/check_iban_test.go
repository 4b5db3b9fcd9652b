package detectors

import (
	"math/big"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// ibanRegistryExamples are the example IBANs printed in the SWIFT IBAN
// Registry, one per country (GB82WEST12345698765432 is ISO 13616's own).
var ibanRegistryExamples = []string{
	"AD1200012030200359100100", "AE070331234567890123456", "AL47212110090000000235698741",
	"AT611904300234573201", "AZ21NABZ00000000137010001944", "BA391290079401028494",
	"BE68539007547034", "BG80BNBG96611020345678", "BH67BMAG00001299123456",
	"BR1800360305000010009795493C1", "BY13NBRB3600900000002Z00AB00", "CH9300762011623852957",
	"CR05015202001026284066", "CY17002001280000001200527600", "CZ6508000000192000145399",
	"DE89370400440532013000", "DK5000400440116243", "DO28BAGR00000001212453611324",
	"EE382200221020145685", "ES9121000418450200051332", "FI2112345600000785",
	"FO6264600001631634", "FR1420041010050500013M02606", "GB29NWBK60161331926819",
	"GB82WEST12345698765432", "GE29NB0000000101904917", "GI75NWBK000000007099453",
	"GL8964710001000206", "GR1601101250000000012300695", "GT82TRAJ01020000001210029690",
	"HR1210010051863000160", "HU42117730161111101800000000", "IE29AIBK93115212345678",
	"IL620108000000099999999", "IQ98NBIQ850123456789012", "IS140159260076545510730339",
	"IT60X0542811101000000123456", "JO94CBJO0010000000000131000302", "KW81CBKU0000000000001234560101",
	"KZ86125KZT5004100100", "LB62099900000001001901229114", "LC55HEMM000100010012001200023015",
	"LI21088100002324013AA", "LT121000011101001000", "LU280019400644750000",
	"LV80BANK0000435195001", "MC5811222000010123456789030", "MD24AG000225100013104168",
	"ME25505000012345678951", "MK07250120000058984", "MR1300020001010000123456753",
	"MT84MALT011000012345MTLCAST001S", "MU17BOMM0101101030300200000MUR", "NL91ABNA0417164300",
	"NO9386011117947", "PK36SCBL0000001123456702", "PL61109010140000071219812874",
	"PS92PALS000000000400123456702", "PT50000201231234567890154", "QA58DOHB00001234567890ABCDEFG",
	"RO49AAAA1B31007593840000", "RS35260005601001611379", "SA0380000000608010167519",
	"SC18SSCB11010000000000001497USD", "SE4550000000058398257466", "SI56263300012039086",
	"SK3112000000198742637541", "SM86U0322509800000000270100", "ST32000200010192194210112",
	"SV62CENR00000000000000700025", "TL380080012345678910157", "TN5910006035183598478831",
	"TR330006100519786457841326", "UA213223130000026007233566001", "VG96VPVG0000012345678901",
	"XK051212012345678906",
	"SN08SN0100152000048500003035", // not in the registry: a Senegalese bank's published IBAN
}

// ibanRegistryLength is the "IBAN length" column of the SWIFT IBAN
// Registry, typed separately from the BBAN structures so that a typo in
// either shows up as a mismatch.
var ibanRegistryLength = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22,
	"BI": 27, "BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27,
	"DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27,
	"GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28,
	"IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
	"LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "LY": 25, "MC": 27, "MD": 24, "ME": 22,
	"MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28, "NL": 18, "NO": 15, "OM": 23,
	"PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22, "RU": 33, "SA": 24,
	"SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25, "SV": 28,
	"TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
	// Not in the SWIFT registry (see ibanBBANFormat): Senegal, as its
	// banks issue it.
	"SN": 28,
}

func TestCheckIBAN(t *testing.T) {
	cases := []checkCase{
		{"DE89370400440532013001", false, "last digit changed"},
		{"DE89370400440532013030", false, "transposition"},
		{"DE8937040044053201300", false, "one digit short"},
		{"DE893704004405320130000", false, "one digit long"},
		{"GB82WEST1234569876543A", false, "letter where the registry has digits"},
		{"NL91ABNA041716430O", false, "letter O for zero"},
		{"gb82WEST12345698765432", false, "lowercase country"},
		{"GB82west12345698765432", false, "lowercase bank code"},
		{"XX82WEST12345698765432", false, "unknown country"},
		{"US64SVBKUS6S3300958879", false, "country without IBAN"},
		{"GB82 WEST 1234 5698 7654 32", false, "separators not removed"},
		{"", false, "empty"},
		{"DE89", false, "country and check digits only"},
	}
	for _, s := range ibanRegistryExamples {
		cases = append(cases, checkCase{s, true, "SWIFT IBAN Registry example"})
	}
	runCheckTable(t, "checkIBAN", checkIBAN, refIBAN, cases)

	// Every registry country has a structure whose length agrees with the
	// registry's IBAN length, and nothing else has one.
	for cc, n := range ibanRegistryLength {
		f := ibanBBANFormat(cc[0], cc[1])
		if got := 4 + ibanFormatLength(f); got != n {
			t.Errorf("%s: BBAN structure %q gives IBAN length %d, registry says %d", cc, f, got, n)
		}
	}
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			if _, ok := ibanRegistryLength[string([]byte{a, b})]; !ok && ibanBBANFormat(a, b) != "" {
				t.Errorf("%c%c has a BBAN structure but is not in the registry", a, b)
			}
		}
	}
}

func ibanFormatLength(f string) int {
	n := 0
	for _, part := range regexp.MustCompile(`(\d+)!([nac])`).FindAllStringSubmatch(f, -1) {
		var k int
		for _, c := range part[1] {
			k = k*10 + int(c-'0')
		}
		n += k
	}
	return n
}

// refIBAN is the registry and ISO 13616 as written: a regular expression
// per country built from the BBAN structure, the registry length, and the
// big-integer MOD 97 of the rearranged, letter-expanded string.
func refIBAN(s string) bool {
	if len(s) < 2 {
		return false
	}
	n, ok := ibanRegistryLength[s[:2]]
	if !ok || len(s) != n {
		return false
	}
	pattern := "^[A-Z]{2}[0-9]{2}"
	for _, part := range regexp.MustCompile(`(\d+)!([nac])`).FindAllStringSubmatch(ibanBBANFormat(s[0], s[1]), -1) {
		class := map[string]string{"n": "[0-9]", "a": "[A-Z]", "c": "[A-Z0-9]"}[part[2]]
		pattern += class + "{" + part[1] + "}"
	}
	if !regexp.MustCompile(pattern + "$").MatchString(s) {
		return false
	}
	r := s[4:] + s[:4]
	var digits strings.Builder
	for _, c := range r {
		if c >= 'A' && c <= 'Z' {
			digits.WriteString(big.NewInt(int64(c-'A') + 10).String())
		} else {
			digits.WriteRune(c)
		}
	}
	v, _ := new(big.Int).SetString(digits.String(), 10)
	return new(big.Int).Mod(v, big.NewInt(97)).Int64() == 1
}

func FuzzCheckIBAN(f *testing.F) {
	seeds := []checkCase{{"GB82WEST12345698765432", true, ""}, {"DE89370400440532013000", true, ""}, {"ZZ00", false, ""}}
	fuzzCheck(f, checkIBAN, refIBAN, seeds)
}

// bbanMatches reports whether bban follows format, read from the
// registry's text at each call: the reference for bbanForms.
func bbanMatches(bban []byte, format string) bool {
	if format == "" {
		return false
	}
	pos := 0
	for i := 0; i < len(format); {
		n := 0
		for i < len(format) && isDigit(format[i]) {
			n = n*10 + int(format[i]-'0')
			i++
		}
		// Skip '!' and read the class.
		i++
		class := format[i]
		i++
		if pos+n > len(bban) {
			return false
		}
		for _, c := range bban[pos : pos+n] {
			switch {
			case class == 'n' && isDigit(c):
			case class == 'a' && isUpper(c):
			case class == 'c' && (isDigit(c) || isUpper(c)):
			default:
				return false
			}
		}
		pos += n
	}
	return pos == len(bban)
}

// TestBBANFormsAsRegistryText: for every pair of letters, the compiled
// structure accepts exactly the BBANs the registry's text does, on each
// country's own shape with characters swapped between classes, of every
// length around the right one.
func TestBBANFormsAsRegistryText(t *testing.T) {
	r := rand.New(rand.NewPCG(19, 20))
	alphabet := []byte("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZaz-/ \x00\xef")
	accepted := 0
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			format := ibanBBANFormat(a, b)
			f := bbanForms[ibanSlot(a, b)]
			for range 300 {
				n := f.length + r.IntN(5) - 2
				if f.length == 0 {
					n = r.IntN(32)
				}
				bban := make([]byte, max(n, 0))
				for i := range bban {
					switch {
					case r.IntN(12) == 0:
						bban[i] = alphabet[r.IntN(len(alphabet))]
					case f.digit&(1<<i) != 0 || (f.upper&(1<<i) == 0 && r.IntN(2) == 0):
						bban[i] = byte('0' + r.IntN(10))
					default:
						bban[i] = byte('A' + r.IntN(26))
					}
				}
				got, want := f.matches(bban), bbanMatches(bban, format)
				if got != want {
					t.Fatalf("%c%c %q: compiled structure says %v, the registry's text %q %v", a, b, bban, got, format, want)
				}
				if got {
					accepted++
				}
			}
		}
	}
	if accepted < 1000 {
		t.Fatalf("only %d BBANs accepted: the test compares too few", accepted)
	}
}

// checkIBANRef is checkIBAN as the registry's text and ibanValid state it,
// the reference for its one pass over the BBAN.
func checkIBANRef(b []byte) bool {
	if len(b) < 15 || len(b) > 34 || !isUpper(b[0]) || !isUpper(b[1]) || !isDigit(b[2]) || !isDigit(b[3]) {
		return false
	}
	return bbanMatches(b[4:], ibanBBANFormat(b[0], b[1])) && ibanValid(b)
}

// TestCheckIBANAsReference: for every country of the registry, valid IBANs
// and their mutations (a character changed to a digit, a letter or another
// byte, one added or removed, the check digits changed), and random
// strings under every pair of letters, checkIBAN agrees with the reference.
func TestCheckIBANAsReference(t *testing.T) {
	r := rand.New(rand.NewPCG(27, 28))
	valid := 0
	check := func(b []byte) {
		t.Helper()
		got, want := checkIBAN(b), checkIBANRef(b)
		if got != want {
			t.Fatalf("checkIBAN(%q) = %v; the reference says %v", b, got, want)
		}
		if got {
			valid++
		}
	}
	var countries []string
	for a := byte('A'); a <= 'Z'; a++ {
		for b := byte('A'); b <= 'Z'; b++ {
			if ibanBBANFormat(a, b) != "" {
				countries = append(countries, string([]byte{a, b}))
			}
		}
	}
	for _, cc := range countries {
		for seed := range 40 {
			iban := []byte(exampleIBAN(cc, seed))
			check(iban)
			for range 10 {
				m := slices.Clone(iban)
				switch k := r.IntN(len(m)); r.IntN(5) {
				case 0:
					m[k] = byte('0' + r.IntN(10))
				case 1:
					m[k] = byte('A' + r.IntN(26))
				case 2:
					m[k] = " a/:@[\x00\xff"[r.IntN(8)]
				case 3:
					m = slices.Insert(m, k, byte('0'+r.IntN(10)))
				case 4:
					m = slices.Delete(m, k, k+1)
				}
				check(m)
				// The same with check digits that fit it: only the
				// structure decides.
				if len(m) >= 5 && r.IntN(2) == 0 {
					rem, ok := mod97OfRef(0, m[4:])
					if rem, ok2 := mod97OfRef(rem, append(slices.Clone(m[:2]), '0', '0')); ok && ok2 {
						m[2], m[3] = byte('0'+(98-rem)/10), byte('0'+(98-rem)%10)
						check(m)
					}
				}
			}
		}
	}
	for range 20000 {
		cc := countries[r.IntN(len(countries))]
		b := []byte(cc)
		for n := 2 + r.IntN(33); n > 0; n-- {
			if r.IntN(3) == 0 {
				b = append(b, byte('A'+r.IntN(26)))
			} else {
				b = append(b, byte('0'+r.IntN(10)))
			}
		}
		check(b)
	}
	if valid < len(countries)*40 {
		t.Fatalf("only %d valid IBANs: the test compares too few", valid)
	}
}
