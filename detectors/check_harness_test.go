package detectors

import (
	"testing"
)

// checkCase is one row of a validator's table test. src says where a
// positive vector was published, or what a negative one breaks.
type checkCase struct {
	in   string
	want bool
	src  string
}

// checkAlphabet is every byte a caller can hand a validator after
// separators are removed, plus a few it must refuse.
const checkAlphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcz &-/\x00\xff"

// runCheckTable runs the table against the validator and the reference,
// cross-checks both on every one-character change and adjacent
// transposition of each row (the errors a check digit exists to catch),
// and asserts the validator does not allocate.
func runCheckTable(t *testing.T, name string, fn func([]byte) bool, ref func(string) bool, cases []checkCase) {
	t.Helper()
	for _, c := range cases {
		if got := fn([]byte(c.in)); got != c.want {
			t.Errorf("%s(%q) = %v, want %v (%s)", name, c.in, got, c.want, c.src)
		}
		if got := ref(c.in); got != c.want {
			t.Errorf("reference %s(%q) = %v, want %v (%s)", name, c.in, got, c.want, c.src)
		}
		checkNeighbours(t, name, fn, ref, c.in)
	}
	for _, c := range cases {
		b := []byte(c.in)
		if n := testing.AllocsPerRun(20, func() { fn(b) }); n != 0 {
			t.Errorf("%s(%q) allocates %v times per call", name, c.in, n)
		}
	}
}

// checkNeighbours compares fn and ref on every single substitution (from
// checkAlphabet), adjacent transposition, deletion and duplication of s.
func checkNeighbours(t *testing.T, name string, fn func([]byte) bool, ref func(string) bool, s string) {
	t.Helper()
	b := []byte(s)
	agree := func(v []byte) {
		if got, want := fn(v), ref(string(v)); got != want {
			t.Errorf("%s(%q) = %v, reference says %v", name, v, got, want)
		}
	}
	for i := range b {
		for j := 0; j < len(checkAlphabet); j++ {
			v := append([]byte(nil), b...)
			v[i] = checkAlphabet[j]
			agree(v)
		}
		if i+1 < len(b) {
			v := append([]byte(nil), b...)
			v[i], v[i+1] = v[i+1], v[i]
			agree(v)
		}
		agree(append(append([]byte(nil), b[:i]...), b[i+1:]...))
		agree(append(append([]byte(nil), b[:i+1]...), b[i:]...))
	}
}

// fuzzCheck seeds f with the table's inputs and asserts on every input that
// the validator neither panics nor disagrees with the reference.
func fuzzCheck(f *testing.F, fn func([]byte) bool, ref func(string) bool, seeds []checkCase) {
	for _, c := range seeds {
		f.Add([]byte(c.in))
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, b []byte) {
		s := string(b)
		if got, want := fn(b), ref(s); got != want {
			t.Fatalf("validator(%q) = %v, reference says %v", s, got, want)
		}
	})
}

// checkValidators lists every check_*.go validator with an input it
// accepts, for the edge-input test and the benchmark.
var checkValidators = []struct {
	name  string
	fn    func([]byte) bool
	valid string
}{
	{"IBAN", checkIBAN, "GB82WEST12345698765432"},
	{"UKNINO", checkUKNINO, "AB123456C"},
	{"VIN", checkVIN, "1M8GDM9AXKP042788"},
	{"USNPI", checkUSNPI, "1234567893"},
	{"USDEA", checkUSDEA, "AP5836727"},
	{"UKNHS", checkUKNHS, "9434765919"},
	{"CanadaSIN", checkCanadaSIN, "130692544"},
	{"Verhoeff", checkVerhoeff, "2363"},
	{"IndiaAadhaar", checkIndiaAadhaar, "234123412346"},
	{"BrazilCPF", checkBrazilCPF, "52998224725"},
	{"BrazilCNPJ", checkBrazilCNPJ, "11222333000181"},
	{"SpainDNI", checkSpainDNI, "12345678Z"},
	{"SpainNIE", checkSpainNIE, "X1234567L"},
	{"SpainNIF", checkSpainNIF, "A58818501"},
	{"ChileRUT", checkChileRUT, "123456785"},
	{"MexicoCURP", checkMexicoCURP, "HEGG560427MVZRRL04"},
	{"FranceINSEE", checkFranceINSEE, "295109912611193"},
	{"ItalyCodiceFiscale", checkItalyCodiceFiscale, "RSSMRA85T10A562S"},
	{"Mod11_10", checkMod11_10, "12345678995"},
	{"Mod11_2", checkMod11_2, "11010519491231002X"},
	{"JapanMyNumber", checkJapanMyNumber, "123456789018"},
	{"JapanCorporateNumber", checkJapanCorporateNumber, "7000012050002"},
	{"KoreaRRN", checkKoreaRRN, "9710139019902"},
	{"SingaporeNRIC", checkSingaporeNRIC, "S1234567D"},
	{"NetherlandsBSN", checkNetherlandsBSN, "111222333"},
	{"PolandPESEL", checkPolandPESEL, "44051401359"},
	{"SwedenPersonnummer", checkSwedenPersonnummer, "8112189876"},
	{"AustraliaTFN", checkAustraliaTFN, "123456782"},
	{"AustraliaMedicare", checkAustraliaMedicare, "2123456701"},
	{"USMBI", checkUSMBI, "1EG4TE5MK73"},
	{"CanadaHealthOntario", checkCanadaHealthOntario, "9876543217"},
	{"USABA", checkUSABA, "021000021"},
	{"FinlandHETU", checkFinlandHETU, "131052308T"},
	{"ArgentinaCUIT", checkArgentinaCUIT, "33693450239"},
	{"ColombiaNIT", checkColombiaNIT, "8001972684"},
	{"MexicoRFC", checkMexicoRFC, "GODE561231GR8"},
	{"SpainTIN", checkSpainTIN, "K1234567L"},
	{"GTIN", checkGTIN, "96385074"},
	{"HIBCC", checkHIBCC, "+A123BJC5D6E71G"},
}

// TestCheckEdgeInputs feeds every validator nil, empty, huge, all-0xFF and
// valid-with-a-trailing-byte inputs: none may panic or accept them.
func TestCheckEdgeInputs(t *testing.T) {
	huge := make([]byte, 1<<16)
	for i := range huge {
		huge[i] = '1'
	}
	high := []byte("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff")
	for _, v := range checkValidators {
		if !v.fn([]byte(v.valid)) {
			t.Errorf("%s rejects its own example %q", v.name, v.valid)
		}
		for _, in := range [][]byte{nil, {}, huge, high, []byte(v.valid + "0"), []byte(v.valid)[1:]} {
			if v.fn(in) {
				t.Errorf("%s accepts %d-byte edge input", v.name, len(in))
			}
		}
	}
}

func BenchmarkCheck(b *testing.B) {
	for _, v := range checkValidators {
		in := []byte(v.valid)
		b.Run(v.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(in)))
			for b.Loop() {
				if !v.fn(in) {
					b.Fatal("rejected")
				}
			}
		})
	}
}
