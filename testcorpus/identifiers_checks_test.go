package testcorpus

import (
	"strings"
	"testing"
)

// TestFurtherChecks pins the validators to published examples.
func TestFurtherChecks(t *testing.T) {
	for _, tc := range []struct {
		name  string
		valid bool
		got   bool
	}{
		{"Verhoeff 2363 (Wikipedia)", true, verhoeffValid("2363")},
		{"Verhoeff 2364", false, verhoeffValid("2364")},
		{"Aadhaar body 12345 check", true, verhoeffCheckDigit("12345") == '1'},
		{"Aadhaar 2341 2341 2346 (python-stdnum's example)", true, aadhaarValid("234123412346")},
		{"Aadhaar 2341 2341 2347", false, aadhaarValid("234123412347")},
		{"Aadhaar starts 0/1", false, aadhaarValid("123456789012")},
		{"SIN 046 454 286 (Service Canada's example) passes Luhn", true, luhnValid("046454286")},
		{"SIN 046 454 286 starts with 0: never issued", false, sinValid("046454286")},
		{"SIN 130 692 544", true, sinValid("130692544")},
		{"SIN 130 692 545", false, sinValid("130692545")},
		{"NPI 1234567893 (CMS example)", true, npiValid("1234567893")},
		{"NPI 1234567890", false, npiValid("1234567890")},
		{"NPI 3234567893 (first digit)", false, npiValid("3234567893")},
		{"NHS 943 476 5919 (NHS example)", true, nhsValid("9434765919")},
		{"NHS 943 476 5918", false, nhsValid("9434765918")},
		{"CPF 111.444.777-35", true, cpfValid("11144477735")},
		{"CPF 529.982.247-25", true, cpfValid("52998224725")},
		{"CPF 529.982.247-26", false, cpfValid("52998224726")},
		{"CPF 111.111.111-11 (one digit)", false, cpfValid("11111111111")},
		{"DNI 12345678Z", true, dniValid("12345678", 'Z')},
		{"DNI 12345678A", false, dniValid("12345678", 'A')},
		{"VIN 1M8GDM9AXKP042788 (check X)", true, vinValid("1M8GDM9AXKP042788")},
		{"VIN 11111111111111111", true, vinValid("11111111111111111")},
		{"VIN 1M8GDM9A1KP042788", false, vinValid("1M8GDM9A1KP042788")},
		{"VIN with O", false, vinValid("1M8GDM9AXKO042788")},
		{"My Number 123456789018", true, myNumberValid("123456789018")},
		{"My Number 123456789017", false, myNumberValid("123456789017")},
		{"corporate 7000012050002 (National Tax Agency)", true, corporateValid("7000012050002")},
		{"corporate 6000012050002", false, corporateValid("6000012050002")},
		{"RIB key 30006 00001 12345678901", true, ribKey("30006", "00001", "12345678901") == "89"},
		{"Spain DC 2100 0418 (45)", true, spainDC("0021000418") == '4' && spainDC("0200051332") == '5'},
		{"Italy CIN X 05428 11101 000000123456", true, italyCIN("0542811101000000123456") == 'X'},
		{"IBAN GB29NWBK60161331926819", true, ibanOK("GB29NWBK60161331926819")},
		{"IBAN ES9121000418450200051332", true, ibanOK("ES9121000418450200051332")},
		{"IBAN IT60X0542811101000000123456", true, ibanOK("IT60X0542811101000000123456")},
		{"IBAN FR1420041010050500013M02606", true, ibanOK("FR1420041010050500013M02606")},
		{"IBAN FR7630006000011234567890189", true, ibanOK("FR7630006000011234567890189")},
		{"IBAN GB, one short", false, ibanOK("GB29NWBK6016133192681")},
		{"IBAN NL (not planted)", false, ibanOK("NL91ABNA0417164300")},
		{"NINO AB123456C", true, ninoValid("AB123456C")},
		{"NINO QQ123456C (HMRC's example, never issued)", false, ninoValid("QQ123456C")},
		{"NINO GB123456A", false, ninoValid("GB123456A")},
		{"NINO AB123456E", false, ninoValid("AB123456E")},
	} {
		if tc.got != tc.valid {
			t.Errorf("%s: got %v, want %v", tc.name, tc.got, tc.valid)
		}
	}
}

// TestVerhoeffTables: the permutation table is the base permutation's
// powers, so no row can hold a typo (one did, and the published
// examples above did not touch it).
func TestVerhoeffTables(t *testing.T) {
	for i := 1; i < 8; i++ {
		for x := range 10 {
			if got, want := verhoeffP[i][x], verhoeffP[1][verhoeffP[i-1][x]]; got != want {
				t.Errorf("verhoeffP[%d][%d] = %d, want %d", i, x, got, want)
			}
		}
	}
	for a := range 10 {
		if verhoeffD[a][verhoeffInv[a]] != 0 {
			t.Errorf("verhoeffInv[%d] is not the inverse of %d", a, a)
		}
	}
}

// TestFurtherGenerators: every generator's values pass their validator,
// every negative fails it (or lacks the shape), across many draws.
func TestFurtherGenerators(t *testing.T) {
	r := newRNG(9, 9)
	compact := func(s string) string {
		return strings.NewReplacer(" ", "", "-", "", ".", "").Replace(asciiDigits(s))
	}
	for range 2000 {
		if d := compact(validSIN(r)); !sinValid(d) {
			t.Fatalf("validSIN gave %s", d)
		}
		if d := compact(badSIN(r)); sinValid(d) {
			t.Fatalf("badSIN gave a valid %s", d)
		}
		if d := compact(validAadhaar(r)); !aadhaarValid(d) {
			t.Fatalf("validAadhaar gave %s", d)
		}
		if d := compact(badAadhaar(r)); aadhaarValid(d) {
			t.Fatalf("badAadhaar gave a valid %s", d)
		}
		if d := compact(validCPF(r)); !cpfValid(d) {
			t.Fatalf("validCPF gave %s", d)
		}
		if d := compact(badCPF(r)); cpfValid(d) {
			t.Fatalf("badCPF gave a valid %s", d)
		}
		if d := compact(validNPI(r)); !npiValid(d) {
			t.Fatalf("validNPI gave %s", d)
		}
		if d := compact(badNPI(r)); npiValid(d) {
			t.Fatalf("badNPI gave a valid %s", d)
		}
		if d := compact(validNHS(r)); !nhsValid(d) {
			t.Fatalf("validNHS gave %s", d)
		}
		if d := compact(badNHS(r)); nhsValid(d) {
			t.Fatalf("badNHS gave a valid %s", d)
		}
		if d := compact(validMyNumber(r)); !myNumberValid(d) {
			t.Fatalf("validMyNumber gave %s", d)
		}
		if d := compact(badMyNumber(r)); myNumberValid(d) {
			t.Fatalf("badMyNumber gave a valid %s", d)
		}
		if d := compact(validCorporate(r)); !corporateValid(d) {
			t.Fatalf("validCorporate gave %s", d)
		}
		if d := compact(badCorporate(r)); corporateValid(d) {
			t.Fatalf("badCorporate gave a valid %s", d)
		}
		if v := strings.ReplaceAll(validDNI(r), "-", ""); !dniValid(v[:8], v[8]) {
			t.Fatalf("validDNI gave %s", v)
		}
		if v := strings.ReplaceAll(badDNI(r), "-", ""); dniValid(v[:8], v[8]) {
			t.Fatalf("badDNI gave a valid %s", v)
		}
		if v := validVIN(r); !vinValid(v) {
			t.Fatalf("validVIN gave %s", v)
		}
		if v := badVIN(r); vinValid(v) {
			t.Fatalf("badVIN gave a valid %s", v)
		}
		if v := strings.ReplaceAll(validNINO(r), " ", ""); !ninoValid(v) {
			t.Fatalf("validNINO gave %s", v)
		}
		if v := strings.ReplaceAll(invalidPrefixNINO(r), " ", ""); ninoValid(v) {
			t.Fatalf("invalidPrefixNINO gave a valid %s", v)
		}
		for _, c := range []string{"FR", "ES", "IT", "GB"} {
			if v := strings.ReplaceAll(iban(r, c), " ", ""); !ibanOK(v) || v[:2] != c {
				t.Fatalf("iban(%s) gave %s", c, v)
			}
			if v := badIBAN(r, c); ibanValid(v) {
				t.Fatalf("badIBAN(%s) gave a valid %s", c, v)
			}
			if v := wrongLengthIBAN(r, c); !ibanValid(v) || ibanOK(v) {
				t.Fatalf("wrongLengthIBAN(%s) gave %s", c, v)
			}
		}
		if v := gcpKey(r); len(v) != 39 || !strings.HasPrefix(v, "AIza") {
			t.Fatalf("gcpKey gave %s", v)
		}
		if v := ipAddress(r); !strings.Contains(v, ".") && !strings.Contains(v, ":") {
			t.Fatalf("ipAddress gave %s", v)
		}
		if v := badIPv4(r); !oneOctetOutOfRange(v) {
			t.Fatalf("badIPv4 gave %s", v)
		}
	}
}

// TestFurtherPhrases: keyword phrases put one of the type's keywords right
// before the value under every reading and hold no keyword of the older
// types or of Macie's other types; quiet phrases and IBAN phrases hold no
// keyword at all.
func TestFurtherPhrases(t *testing.T) {
	for _, spec := range idSpecs {
		kws := idKeywords[spec.typ]
		for _, ph := range spec.phrases {
			if len(kws) > 0 {
				text := ph.before + "1"
				if !allReadings(text, kws, len(ph.before), len(text), 30) {
					t.Errorf("%s: phrase %q puts no keyword within 30 characters", spec.typ, ph.before)
				}
			}
			if ph.after != "" && ph.after[0] != ' ' {
				t.Errorf("%s: phrase after %q does not start with a space", spec.typ, ph.after)
			}
			if n := len(ph.before); n > 0 && isAlnum(ph.before[n-1]) {
				t.Errorf("%s: phrase before %q ends in a letter or digit", spec.typ, ph.before)
			}
			// Another further type's keyword may appear ("social insurance
			// number" holds the NINO keyword "insurance number"): the audit
			// decides per value whether that type's shape is there.
			// Words of Macie's other types that are part of this type's
			// own keywords ("dea", "routing", "medicare") are its own.
			var others []string
			for _, w := range concat(cardKeywords, ssnKeywords, secretKeywords, otherTypeWords) {
				own := false
				for _, k := range kws {
					own = own || strings.Contains(k, w)
				}
				if !own {
					others = append(others, w)
				}
			}
			if hasKeyword(ph.before+" "+ph.after, others) {
				t.Errorf("%s: phrase %q … %q holds another type's keyword", spec.typ, ph.before, ph.after)
			}
		}
	}
	for _, ph := range append(append([]phrase{}, quietPhrases...), ibanPhrases...) {
		if hasKeyword(ph.before+" "+ph.after, allKeywords) {
			t.Errorf("phrase %q … %q holds a keyword", ph.before, ph.after)
		}
	}
}

// FuzzFurtherChecks: the validators never panic, values completed with
// their check digits pass, and the checks that catch every single-digit
// error (Verhoeff, Luhn, NHS mod 11, IBAN mod 97) catch it.
func FuzzFurtherChecks(f *testing.F) {
	for _, s := range []string{"12345678901234", "000000000000000", "99999999999999", "AB123456C", "1M8GDM9AXKP042788", ""} {
		f.Add(s, 3)
	}
	f.Fuzz(func(t *testing.T, s string, pos int) {
		// Arbitrary input: no validator panics.
		for _, v := range []func(string) bool{sinValid, nhsValid, npiValid, cpfValid, aadhaarValid, myNumberValid,
			corporateValid, vinValid, ninoValid, ibanOK, verhoeffValid, oneOctetOutOfRange} {
			v(s)
		}
		if len(s) >= 9 {
			dniValid(s[:8], s[8])
		}
		d := make([]byte, 14)
		for i := range d {
			c := byte('7')
			if i < len(s) {
				c = s[i]
			}
			d[i] = '0' + c%10
		}
		change := func(x string, i int) string {
			b := []byte(x)
			b[i] = '0' + (b[i]-'0'+1+byte(pos&7))%10
			return string(b)
		}
		i := (pos%9 + 9) % 9
		aad := "2" + string(d[:10])
		aad += string(verhoeffCheckDigit(aad))
		if !aadhaarValid(aad) || aadhaarValid(change(aad, 1+i)) {
			t.Fatalf("Verhoeff: %s", aad)
		}
		npi := "1" + string(d[:8])
		npi += string(luhnCheckDigit("80840" + npi))
		if !npiValid(npi) || npiValid(change(npi, 1+i%9)) {
			t.Fatalf("NPI: %s", npi)
		}
		if c := nhsCheckDigit(string(d[:9])); c >= 0 {
			nhs := string(d[:9]) + string(byte('0'+c))
			if !nhsValid(nhs) || nhsValid(change(nhs, i)) {
				t.Fatalf("NHS: %s", nhs)
			}
		}
		a, b := cpfCheckDigits(string(d[:9]))
		// CPF maps remainders 0 and 1 to the same digit: not every error shows.
		if cpf := string(d[:9]) + string([]byte{a, b}); strings.Count(cpf, cpf[:1]) != 11 && !cpfValid(cpf) {
			t.Fatalf("CPF: %s", cpf)
		}
		my := "1" + string(d[:10])
		if my += string(myNumberCheckDigit(my)); !myNumberValid(my) {
			t.Fatalf("My Number: %s", my)
		}
		corp := "1" + string(d[:11])
		if corp = string(corporateCheckDigit(corp)) + corp; !corporateValid(corp) {
			t.Fatalf("corporate number: %s", corp)
		}
		es := string(d[:4]) + string(d[4:8]) + string(spainDC("00"+string(d[:8]))) + string(spainDC(string(d[4:14]))) + string(d[4:14])
		iban := "ES" + ibanCheckDigits("ES", es) + es
		if !ibanOK(iban) || ibanOK(iban[:4]+change(iban[4:], i)) {
			t.Fatalf("IBAN: %s", iban)
		}
	})
}
