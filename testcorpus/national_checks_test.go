package testcorpus

import (
	"strings"
	"testing"
)

// TestNationalChecks: each validator accepts published example numbers
// and rejects them with one character changed.
func TestNationalChecks(t *testing.T) {
	cases := []struct {
		name  string
		valid func(string) bool
		good  []string
		bad   []string
	}{
		{"medicare", medicareAUValid, []string{"2123456701"}, []string{"2123456711", "7123456701", "212345670"}},
		{"tfn", tfnValid, []string{"123456782", "876543210"}, []string{"123456783", "12345678"}},
		{"cnpj", cnpjValid, []string{"11222333000181", "11444777000161"}, []string{"11222333000182", "1122233300018"}},
		{"ontario", ontarioHealthValid, []string{"1234567897"}, []string{"1234567898", "0234567890"}},
		{"rut", rutValid, []string{"123456785", "76543208", "77777776"}, []string{"123456784", "76543209"}},
		{"china", chinaRIValid, []string{"11010519491231002X", "440524198801211235"}, []string{"110105194912310021", "440524198813211235"}},
		{"nir", inseeValid, []string{"185057800608491", "269059913116714"}, []string{"185057800608492", "585057800608491"}},
		{"spi", franceSPIValid, []string{"3023217600053"}, []string{"3023217600054", "5023217600053"}},
		{"steuer-id", steuerIDValid, []string{"86095742719", "47036892816", "65929970489"}, []string{"86095742718", "06095742719", "11111111111"}},
		{"codice fiscale", codiceFiscaleValid, []string{"RSSMRA85T10A562S"}, []string{"RSSMRA85T10A562T", "RSSMRA85Z10A562S"}},
		{"rrn", rrnValid, []string{"9001011234568"}, []string{"9001011234567", "9013011234568"}},
		{"curp", curpValid, []string{"BADD110313HCMLNS06", "GODE561231HDFRRN00"}, []string{"BADD110313HCMLNS09", "BADD111313HCMLNS06"}},
		{"bsn", bsnValid, []string{"111222333", "123456782"}, []string{"111222334", "000000000"}},
		{"pesel", peselValid, []string{"44051401359", "02070803628"}, []string{"44051401358", "44135401359"}},
		{"nric", nricValid, []string{"S1234567D", "T0876543F", "F1234567N", "G1234567X"}, []string{"S1234567E", "A1234567D"}},
		{"nie", nieValid, []string{"X1234567L", "Y0000000Z", "Z1234567R"}, []string{"X1234567M", "A1234567L"}},
		{"cif", cifValid, []string{"A58818501", "B12345674", "P1234567D", "Q2826000H"}, []string{"A58818502", "A5881850A", "I58818501"}},
		{"spain ss", spainSSValid, []string{"281234567840"}, []string{"281234567841", "991234567840"}},
		{"personnummer", personnummerValid, []string{"8112189876", "198112189876", "8112789873"}, []string{"8112189877", "8113189876"}},
		{"aba", abaValid, []string{"011000015", "021000021", "121042882"}, []string{"011000016", "991000002"}},
		{"dea", deaValid, []string{"AB1234563", "FM9876509"}, []string{"AB1234564", "YB1234563"}},
	}
	for _, c := range cases {
		for _, v := range c.good {
			if !c.valid(v) {
				t.Errorf("%s: %s rejected", c.name, v)
			}
		}
		for _, v := range c.bad {
			if c.valid(v) {
				t.Errorf("%s: %s accepted", c.name, v)
			}
		}
	}
}

// TestNationalGenerators: every generated value and negative is written in
// one of its type's layouts, valid or invalid as it should be, and every
// country's IBAN follows its registry length.
func TestNationalGenerators(t *testing.T) {
	r := newRNG(7, 7)
	for i := range natSpecs {
		spec := &natSpecs[i]
		for range 300 {
			v := spec.gen(r)
			if !spec.valid(v) {
				t.Fatalf("%s: generated %s is invalid", spec.typ, v)
			}
			bad := spec.badCheck
			if spec.bad != nil {
				bad = spec.bad
			}
			if b := bad(r); spec.valid(b) {
				t.Fatalf("%s: negative %s is valid", spec.typ, b)
			}
			f := formatNational(r, spec, v)
			read := false
			for _, l := range spec.layouts {
				end, compact := matchLayout(f, 0, l)
				read = read || end == len(f) && compact == v
			}
			if !read {
				t.Fatalf("%s: %s written as %s", spec.typ, v, f)
			}
		}
	}
	for i := range countryIBANs {
		c := &countryIBANs[i]
		for range 50 {
			v := strings.ReplaceAll(countryIBANValue(r, c), " ", "")
			if _, ok := countryIBANValid(v); !ok {
				t.Fatalf("%s: %s invalid", c.cc, v)
			}
			if b := strings.ReplaceAll(badCountryIBAN(r, c), " ", ""); ibanValid(b) {
				t.Fatalf("%s: negative %s passes mod 97", c.cc, b)
			}
			if w := wrongLengthCountryIBAN(r, c); len(w) == 4+bbanLength(c.bban) {
				t.Fatalf("%s: wrong-length negative %s has the right length", c.cc, w)
			}
		}
	}
}

func TestNationalChecksAmericasEurope(t *testing.T) {
	cases := []struct {
		name  string
		valid func(string) bool
		good  []string
		bad   []string
	}{
		{"cuit person", cuitPersonValid, []string{"20123456786", "27400370147"}, []string{"20123456785", "33693450239"}},
		{"cuit entity", cuitEntityValid, []string{"33693450239", "30500010912"}, []string{"33693450238", "20123456786"}},
		{"nit entity", nitEntityValid, []string{"8001972684", "8600343137"}, []string{"8001972685", "10203040508"}},
		{"nit person", nitPersonValid, []string{"10203040508", "791234560"}, []string{"10203040507", "8001972684"}},
		{"hetu", hetuValid, []string{"131052308T", "010101A0101"}, []string{"131052308U", "131052G308T", "131052001T"}},
		{"rfc person", rfcPersonValid, []string{"GODE561231GR8"}, []string{"GODE561231GR9", "EKU9003173C9"}},
		{"rfc entity", rfcEntityValid, []string{"EKU9003173C9"}, []string{"EKU9003173C8", "GODE561231GR8"}},
		{"gtin", gtinValid, []string{"00643169007222", "09506000134352"}, []string{"00643169007223", "0064316900722"}},
		{"sube", subeValid, []string{"6061267952145710", "6061000000000029"}, []string{"6061267952145711", "4526018159083012"}},
		{"pan", panValid, []string{"ABCPE1234F", "AAAPL1234C"}, []string{"ABCXE1234F", "ABCPE12345"}},
		{"mbi", mbiValid, []string{"1EG4TE5MK73", "5QR7WA2JK00"}, []string{"1SG4TE5MK73", "0EG4TE5MK73"}},
		{"itin", itinValid, []string{"912701234", "999945678"}, []string{"912691234", "812701234"}},
		{"ndc", ndcValid, []string{"0409488802", "5058050602"}, []string{"0000488802", "040948880"}},
		{"german id", germanIDValid, []string{"L01X00T47", "T22000129"}, []string{"L01A00T47", "101X00T47"}},
		{"spain tin", spainTINValid, []string{"48151620Q", "K1234567L"}, []string{"48151620R", "X1234567L"}},
	}
	for _, c := range cases {
		for _, v := range c.good {
			if !c.valid(v) {
				t.Errorf("%s: %s rejected", c.name, v)
			}
		}
		for _, v := range c.bad {
			if c.valid(v) {
				t.Errorf("%s: %s accepted", c.name, v)
			}
		}
	}
}

// FuzzNationalChecks: no validator of a national type or per-country IBAN
// panics on arbitrary input, and a value completed with its check
// character passes while the same value with another check character
// fails, for the types whose check catches every single-character change
// of itself.
func FuzzNationalChecks(f *testing.F) {
	for _, s := range []string{"44051401359", "BADD110313HCMLNS06", "131052-308T", "LV80BANK0000435195001", "", "%B^^?", "(01)"} {
		f.Add(s, uint64(3))
	}
	f.Fuzz(func(t *testing.T, s string, seed uint64) {
		for i := range natSpecs {
			natSpecs[i].valid(s)
			for _, l := range natSpecs[i].layouts {
				matchLayout(s, 0, l)
			}
		}
		countryIBANValid(s)
		magStripeName(s)
		r := newRNG(int64(seed), seed)
		spec := &natSpecs[int(seed%uint64(len(natSpecs)))]
		if v := spec.gen(r); !spec.valid(v) {
			t.Fatalf("%s: generated %s is invalid", spec.typ, v)
		}
		if spec.bad == nil {
			if b := spec.badCheck(r); spec.valid(b) {
				t.Fatalf("%s: %s with its check character changed is valid", spec.typ, b)
			}
		}
	})
}
