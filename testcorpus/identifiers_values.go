package testcorpus

import (
	"encoding/base64"
	"net/netip"
	"strconv"
	"strings"
)

// The catalogue's further identifier types, planted in free text (text and
// log lines, and the notes/comment fields of the tables and JSON files).
// Macie's managed data identifier IDs are spelled as its documentation
// spells them (docs.aws.amazon.com/macie/latest/user/mdis-reference-*.html);
// IP_ADDRESS, JAPAN_INDIVIDUAL_NUMBER and JAPAN_CORPORATE_NUMBER are beyond
// Macie.
const (
	TypeIPAddress           = "IP_ADDRESS"
	TypeUKNINO              = "UK_NATIONAL_INSURANCE_NUMBER"
	TypeCanadaSIN           = "CANADA_SOCIAL_INSURANCE_NUMBER"
	TypeIndiaAadhaar        = "INDIA_AADHAAR_NUMBER"
	TypeBrazilCPF           = "BRAZIL_CPF_NUMBER"
	TypeSpainDNI            = "SPAIN_DNI_NUMBER"
	TypeVIN                 = "VEHICLE_IDENTIFICATION_NUMBER"
	TypeUSNPI               = "USA_NATIONAL_PROVIDER_IDENTIFIER"
	TypeUKNHS               = "UK_NHS_NUMBER"
	TypeJapanMyNumber       = "JAPAN_INDIVIDUAL_NUMBER"
	TypeJapanCorporate      = "JAPAN_CORPORATE_NUMBER"
	TypeFranceIBAN          = "FRANCE_BANK_ACCOUNT_NUMBER"
	TypeSpainIBAN           = "SPAIN_BANK_ACCOUNT_NUMBER"
	TypeItalyIBAN           = "ITALY_BANK_ACCOUNT_NUMBER"
	TypeUKIBAN              = "UK_BANK_ACCOUNT_NUMBER"
	TypeGCPAPIKey           = "GCP_API_KEY"
	TypeStripeCredentials   = "STRIPE_CREDENTIALS"
	TypeHTTPBasicAuthHeader = "HTTP_BASIC_AUTH_HEADER"
)

// Kinds of hard negatives of the further types.
const (
	NegIPOctetOutOfRange    = "ip_octet_out_of_range"  // a dotted quad with one octet 256-299
	NegNINOInvalidPrefix    = "nino_invalid_prefix"    // a prefix HMRC never allocates, next to a keyword
	NegNINONoKeyword        = "nino_no_keyword"        // a valid NINO with no keyword near
	NegSINBadChecksum       = "sin_bad_checksum"       // Luhn fails, next to a keyword
	NegSINNoKeyword         = "sin_no_keyword"         // a valid SIN with no keyword near
	NegAadhaarBadChecksum   = "aadhaar_bad_checksum"   // Verhoeff fails, next to a keyword
	NegAadhaarNoKeyword     = "aadhaar_no_keyword"     // a valid Aadhaar with no keyword near
	NegCPFBadChecksum       = "cpf_bad_checksum"       // second check digit off, next to a keyword
	NegCPFNoKeyword         = "cpf_no_keyword"         // a valid CPF with no keyword near
	NegDNIBadLetter         = "dni_bad_letter"         // wrong letter, next to a keyword
	NegDNINoKeyword         = "dni_no_keyword"         // a valid DNI with no keyword near
	NegVINBadCheckDigit     = "vin_bad_check_digit"    // ninth character wrong, next to a keyword
	NegVINNoKeyword         = "vin_no_keyword"         // a valid VIN with no keyword near
	NegNPIBadChecksum       = "npi_bad_checksum"       // Luhn (80840 prefix) fails, next to a keyword
	NegNPINoKeyword         = "npi_no_keyword"         // a valid NPI with no keyword near
	NegNHSBadChecksum       = "nhs_bad_checksum"       // mod 11 fails, next to a keyword
	NegNHSNoKeyword         = "nhs_no_keyword"         // a valid NHS number with no keyword near
	NegMyNumberBadChecksum  = "mynumber_bad_checksum"  // check digit off, next to a keyword
	NegMyNumberNoKeyword    = "mynumber_no_keyword"    // a valid individual number with no keyword near
	NegCorporateBadChecksum = "corporate_bad_checksum" // leading check digit off, next to 法人番号
	NegIBANWrongLength      = "iban_wrong_length"      // mod-97 valid, but not the country's length
	NegGCPKeyWrongLength    = "gcp_key_wrong_length"   // AIza and 34 or 36 characters, next to a keyword
	NegGCPKeyNoKeyword      = "gcp_key_no_keyword"     // a GCP key shape with no keyword near
	NegStripeKeyTooShort    = "stripe_key_too_short"   // sk_live_ and fewer than 24 characters
	NegBasicAuthPlaceholder = "basic_auth_placeholder" // Authorization: Basic <placeholder>
)

// Keyword lists of the reference reading. Planted values use only the
// first entries, which Macie's documentation lists; the rest widen the
// "no keyword near" promise to words a detector might reasonably add.
var (
	ninoKeywords      = []string{"national insurance number", "nino", "nin", "insurance number", "insurance no", "nationalinsurance#", "nationalinsurancenumber", "ni number"}
	sinKeywords       = []string{"social insurance number", "sin", "canadian id", "numéro d'assurance sociale", "social insurance"}
	aadhaarKeywords   = []string{"aadhaar", "aadhar", "uid", "आधार"}
	cpfKeywords       = []string{"cpf", "cadastro de pessoas físicas", "cadastro de pessoa física", "cpf#"}
	dniKeywords       = []string{"dni", "documento nacional de identidad", "número de identidad", "nif", "nie"}
	vinKeywords       = []string{"vin", "vehicle identification number", "vehicle identification", "fahrgestellnummer", "niv", "chassis number"}
	npiKeywords       = []string{"npi", "national provider", "national provider identifier", "n.p.i", "hipaa"}
	nhsKeywords       = []string{"nhs", "national health service", "nhs number", "health service"}
	myNumberKeywords  = []string{"マイナンバー", "個人番号", "my number", "individual number"}
	corporateKeywords = []string{"法人番号", "corporate number"}
	gcpKeywords       = []string{"x-goog-api-key", "googlekey", "gcp api key", "gcp key", "google cloud key", "google-api-key", "google-cloud-apikeys", "g_places_key"}
	stripeKeywords    = []string{"stripe"}
	// otherTypeWords are keywords of Macie's other types (dates of birth,
	// passports, licences, tax ids, phone numbers, coordinates) that filler
	// must never hold, so no date or number in it can be read as one.
	otherTypeWords = []string{"dob", "birth", "born", "bday", "birthday", "passport", "licence", "license",
		"tax id", "taxpayer", "tin", "phone", "telephone", "mobile", "fax", "cell", "latitude", "longitude",
		"gps", "coordinates", "expiry", "expiration", "cvv", "cvc", "security code",
		"account number", "bban", "routing", "sort code", "passeport", "pasaporte", "dea", "medicare", "hicn", "ehic"}
	newTypeKeywords = concat(ninoKeywords, sinKeywords, aadhaarKeywords, cpfKeywords, dniKeywords, vinKeywords,
		npiKeywords, nhsKeywords, myNumberKeywords, corporateKeywords, gcpKeywords, stripeKeywords, nationalKeywords(), magStripeKeywords)
)

// idNeg is one hard negative of a further type: its kind, whether it goes in
// a phrase without keyword (quiet), and its generator.
type idNeg struct {
	kind  string
	quiet bool
	gen   func(r *rng) string
}

// idSpec is one further identifier type: its label type, the phrases that
// carry its keyword (or, for types without one, plain phrases), its value
// generator and its hard negatives.
type idSpec struct {
	typ     string
	phrases []phrase
	gen     func(r *rng) string
	negs    []idNeg
	// cardShaped: the values are a Luhn-valid digit run on purpose (a
	// SUBE card number); gen and the negatives' generators rule out the
	// rest themselves.
	cardShaped bool
	// endsLine: the values run to the end of their line (cookie headers).
	endsLine bool
}

// quietPhrases hold no keyword of any type: the setting of the "keyword
// missing" negatives.
var quietPhrases = []phrase{
	{"Reference ", " archived."}, {"Imported value ", " from the old system."}, {"Batch ", " closed."},
	{"Item ", " moved to the new ledger."}, {"Voucher ", ""},
}

// idSpecs are every type planted in free text beyond the first nine: the
// further types below, then the national identifiers, the per-country
// IBANs, and people's names and addresses (national_values.go,
// country_iban.go, people.go).
var idSpecs = concatSpecs(furtherSpecs, nationalIDSpecs(), []idSpec{magStripeSpec, cookieSpec}, countryIBANSpecs(), peopleSpecs)

func concatSpecs(xss ...[]idSpec) []idSpec {
	var out []idSpec
	for _, xs := range xss {
		out = append(out, xs...)
	}
	return out
}

var furtherSpecs = []idSpec{
	{typ: TypeIPAddress, gen: ipAddress,
		phrases: []phrase{{"Login from ", " succeeded."}, {"client ", " blocked after five attempts."}, {"upstream ", " timed out."}, {"Allowed source ", ""}},
		negs:    []idNeg{{NegIPOctetOutOfRange, false, badIPv4}}},
	{typ: TypeUKNINO, gen: validNINO,
		phrases: []phrase{{"National Insurance number ", " updated."}, {"NINO ", ""}, {"nino=", " verified by payroll."}},
		negs:    []idNeg{{NegNINOInvalidPrefix, false, invalidPrefixNINO}, {NegNINONoKeyword, true, validNINO}}},
	{typ: TypeCanadaSIN, gen: validSIN,
		phrases: []phrase{{"SIN ", " on file."}, {"Social Insurance Number: ", ""}, {"social insurance number ", " confirmed."}},
		negs:    []idNeg{{NegSINBadChecksum, false, badSIN}, {NegSINNoKeyword, true, validSIN}}},
	{typ: TypeIndiaAadhaar, gen: validAadhaar,
		phrases: []phrase{{"Aadhaar ", " linked."}, {"Aadhaar number: ", ""}, {"aadhaar=", " checked by KYC."}},
		negs:    []idNeg{{NegAadhaarBadChecksum, false, badAadhaar}, {NegAadhaarNoKeyword, true, validAadhaar}}},
	{typ: TypeBrazilCPF, gen: validCPF,
		phrases: []phrase{{"CPF ", " cadastrado."}, {"CPF: ", ""}, {"cpf=", " matched the invoice."}},
		negs:    []idNeg{{NegCPFBadChecksum, false, badCPF}, {NegCPFNoKeyword, true, validCPF}}},
	{typ: TypeSpainDNI, gen: validDNI,
		phrases: []phrase{{"DNI ", " verificado."}, {"DNI: ", ""}, {"dni=", " on the contract."}},
		negs:    []idNeg{{NegDNIBadLetter, false, badDNI}, {NegDNINoKeyword, true, validDNI}}},
	{typ: TypeVIN, gen: validVIN,
		phrases: []phrase{{"VIN ", " registered."}, {"Vehicle identification number: ", ""}, {"vin=", " from the lease."}},
		negs:    []idNeg{{NegVINBadCheckDigit, false, badVIN}, {NegVINNoKeyword, true, validVIN}}},
	{typ: TypeUSNPI, gen: validNPI,
		phrases: []phrase{{"NPI ", " billed."}, {"NPI: ", ""}, {"National Provider Identifier ", " enrolled."}},
		negs:    []idNeg{{NegNPIBadChecksum, false, badNPI}, {NegNPINoKeyword, true, validNPI}}},
	{typ: TypeUKNHS, gen: validNHS,
		phrases: []phrase{{"NHS number ", " registered."}, {"NHS: ", ""}, {"National Health Service no. ", " transferred."}},
		negs:    []idNeg{{NegNHSBadChecksum, false, badNHS}, {NegNHSNoKeyword, true, validNHS}}},
	{typ: TypeJapanMyNumber, gen: validMyNumber,
		phrases: []phrase{{"マイナンバー: ", " を確認しました。"}, {"個人番号：", ""}, {"マイナンバー ", " (本人確認済み)"}},
		negs:    []idNeg{{NegMyNumberBadChecksum, false, badMyNumber}, {NegMyNumberNoKeyword, true, validMyNumber}}},
	{typ: TypeJapanCorporate, gen: validCorporate,
		phrases: []phrase{{"法人番号: ", " で登録済み。"}, {"法人番号：", ""}},
		negs:    []idNeg{{NegCorporateBadChecksum, false, badCorporate}}},
	{typ: TypeFranceIBAN, gen: func(r *rng) string { return iban(r, "FR") },
		phrases: ibanPhrases, negs: ibanNegs("FR")},
	{typ: TypeSpainIBAN, gen: func(r *rng) string { return iban(r, "ES") },
		phrases: ibanPhrases, negs: ibanNegs("ES")},
	{typ: TypeItalyIBAN, gen: func(r *rng) string { return iban(r, "IT") },
		phrases: ibanPhrases, negs: ibanNegs("IT")},
	{typ: TypeUKIBAN, gen: func(r *rng) string { return iban(r, "GB") },
		phrases: ibanPhrases, negs: ibanNegs("GB")},
	{typ: TypeGCPAPIKey, gen: gcpKey,
		phrases: []phrase{{"X-goog-api-key: ", ""}, {"GOOGLEKEY=", ""}, {"GCP api key ", " restricted to the maps API."}, {"google cloud key: ", " rotated."}},
		negs: []idNeg{{NegGCPKeyWrongLength, false, func(r *rng) string { return gcpKeyOfLength(r, pick(r, []int{34, 36})) }},
			{NegGCPKeyNoKeyword, true, gcpKey}}},
	{typ: TypeStripeCredentials, gen: stripeKey,
		phrases: []phrase{{"stripe live key ", " moved to the vault."}, {"stripe key=", ""}, {"Stripe: ", ""}},
		negs:    []idNeg{{NegStripeKeyTooShort, false, shortStripeKey}}},
	{typ: TypeHTTPBasicAuthHeader, gen: basicAuthHeader,
		phrases: []phrase{{"", ""}, {"Request header ", " rejected."}, {"proxy forwarded ", ""}},
		negs:    []idNeg{{NegBasicAuthPlaceholder, false, basicAuthPlaceholder}}},
}

// ibanPhrases hold no bank or account word: a grouped IBAN holds its BBAN
// as a bounded run, which the BBAN identifiers take when such a keyword is
// near. The text after a grouped IBAN is never empty: a sentence starting
// with an upper-case word right after it would read as one more group.
var ibanPhrases = []phrase{{"Transfer to ", " confirmed."}, {"Wire to ", " today."}, {"Refund to ", " on Monday."}, {"SEPA payout to ", " scheduled."}}

func ibanNegs(country string) []idNeg {
	return []idNeg{
		{NegIBANBadChecksum, false, func(r *rng) string { return badIBAN(r, country) }},
		{NegIBANWrongLength, false, func(r *rng) string { return wrongLengthIBAN(r, country) }},
	}
}

// idKeywords maps a further type to the keyword list of its rule; types
// missing here need none. Stripe keys are planted next to the word
// "stripe" all the same, so that they are found whether a detector wants a
// keyword or not.
var idKeywords = withNationalKeywords(map[string][]string{
	TypeUKNINO: ninoKeywords, TypeCanadaSIN: sinKeywords, TypeIndiaAadhaar: aadhaarKeywords, TypeBrazilCPF: cpfKeywords,
	TypeSpainDNI: dniKeywords, TypeVIN: vinKeywords, TypeUSNPI: npiKeywords, TypeUKNHS: nhsKeywords,
	TypeJapanMyNumber: myNumberKeywords, TypeJapanCorporate: corporateKeywords, TypeGCPAPIKey: gcpKeywords,
	TypeMagStripe: magStripeKeywords,
})

func withNationalKeywords(m map[string][]string) map[string][]string {
	for _, s := range natSpecs {
		m[s.typ] = s.keywords
	}
	return m
}

// --- IP addresses ---

// ipAddress returns an IPv4 address, or an IPv6 address in full or
// compressed form, never from a documentation or special range (a detector
// may skip those as example values).
func ipAddress(r *rng) string {
	switch r.intn(4) {
	case 0, 1:
		return ipv4(r)
	case 2:
		return ipv6(r).String() // compressed, RFC 5952
	default:
		a := ipv6(r).As16()
		var b []byte
		for i := 0; i < 16; i += 2 {
			if i > 0 {
				b = append(b, ':')
			}
			b = append(b, hexDigits[a[i]>>4], hexDigits[a[i]&15], hexDigits[a[i+1]>>4], hexDigits[a[i+1]&15])
		}
		return string(b)
	}
}

func ipv4(r *rng) string {
	for {
		o := [4]int{r.between(1, 223), r.intn(256), r.intn(256), r.between(1, 254)}
		if o[0] == 127 || o[0] == 10 && r.intn(2) == 0 || docIPv4(o) {
			continue
		}
		return strconv.Itoa(o[0]) + "." + strconv.Itoa(o[1]) + "." + strconv.Itoa(o[2]) + "." + strconv.Itoa(o[3])
	}
}

func docIPv4(o [4]int) bool {
	return o[0] == 192 && o[1] == 0 && o[2] == 2 || o[0] == 198 && o[1] == 51 && o[2] == 100 ||
		o[0] == 203 && o[1] == 0 && o[2] == 113 || o[0] == 0 || o[0] >= 224
}

// ipv6 returns a global unicast address in 2400::/6-like space (never
// 2001:db8::/32), with a run of zero groups half of the time so that the
// compressed form has a "::".
func ipv6(r *rng) netip.Addr {
	var a [16]byte
	first := 0x2400 + r.intn(0x0c00)
	a[0], a[1] = byte(first>>8), byte(first)
	for i := 2; i < 16; i++ {
		a[i] = byte(r.intn(256))
	}
	if r.intn(2) == 0 {
		z := 4 + 2*r.intn(4) // zero groups 2.. from byte z to 13
		for i := z; i < 14; i++ {
			a[i] = 0
		}
	}
	if a[14] == 0 && a[15] == 0 {
		a[15] = 1
	}
	return netip.AddrFrom16(a)
}

// badIPv4 returns a dotted quad with one octet 256-299.
func badIPv4(r *rng) string {
	s := strings.Split(ipv4(r), ".")
	s[r.intn(4)] = strconv.Itoa(r.between(256, 299))
	return strings.Join(s, ".")
}

// --- UK National Insurance numbers ---

const ninoFirst, ninoSecond = "ABCEGHJKLMNOPRSTWXYZ", "ABCEGHJKLMNPRSTWXYZ"

func formatNINO(r *rng, s string) string {
	if r.intn(3) == 0 {
		return s[:2] + " " + s[2:4] + " " + s[4:6] + " " + s[6:8] + " " + s[8:]
	}
	return s
}

func validNINO(r *rng) string {
	for {
		b := []byte{ninoFirst[r.intn(len(ninoFirst))], ninoSecond[r.intn(len(ninoSecond))]}
		b = r.digits(b, 6)
		b = append(b, "ABCD"[r.intn(4)])
		if ninoValid(string(b)) {
			return formatNINO(r, string(b))
		}
	}
}

func invalidPrefixNINO(r *rng) string {
	prefixes := []string{"GB", "BG", "NK", "KN", "TN", "NT", "ZZ", "DA", "FA", "QA", "VA", "AD", "AO", "AQ"}
	b := []byte(pick(r, prefixes))
	b = r.digits(b, 6)
	b = append(b, "ABCD"[r.intn(4)])
	return formatNINO(r, string(b))
}

// --- numbers with check digits ---

// groupDigits lays d out in groups of the given sizes joined by sep.
func groupDigits(d, sep string, sizes ...int) string {
	var b strings.Builder
	i := 0
	for k, n := range sizes {
		if k > 0 {
			b.WriteString(sep)
		}
		b.WriteString(d[i : i+n])
		i += n
	}
	return b.String()
}

// offByOne changes the last digit of d.
func offByOne(r *rng, d string) string {
	last := int(d[len(d)-1] - '0')
	return d[:len(d)-1] + string(byte('0'+(last+1+r.intn(9))%10))
}

func sinDigits(r *rng) string {
	for {
		b := []byte{byte('1' + r.intn(7))}
		b = r.digits(b, 7)
		b = append(b, luhnCheckDigit(string(b)))
		if sinValid(string(b)) {
			return string(b)
		}
	}
}

func formatSIN(r *rng, d string) string {
	switch r.intn(3) {
	case 0:
		return d
	case 1:
		return groupDigits(d, " ", 3, 3, 3)
	}
	return groupDigits(d, "-", 3, 3, 3)
}

func validSIN(r *rng) string { return formatSIN(r, sinDigits(r)) }
func badSIN(r *rng) string   { return formatSIN(r, offByOne(r, sinDigits(r))) }

func aadhaarDigits(r *rng) string {
	b := []byte{byte('2' + r.intn(8))}
	b = r.digits(b, 10)
	return string(append(b, verhoeffCheckDigit(string(b))))
}

func formatAadhaar(r *rng, d string) string {
	if r.intn(3) == 0 {
		return d
	}
	return groupDigits(d, " ", 4, 4, 4)
}

func validAadhaar(r *rng) string { return formatAadhaar(r, aadhaarDigits(r)) }
func badAadhaar(r *rng) string   { return formatAadhaar(r, offByOne(r, aadhaarDigits(r))) }

func cpfDigits(r *rng) string {
	for {
		body := string(r.digits(nil, 9))
		a, b := cpfCheckDigits(body)
		if d := body + string([]byte{a, b}); cpfValid(d) {
			return d
		}
	}
}

func formatCPF(r *rng, d string) string {
	if r.intn(3) == 0 {
		return d
	}
	return d[:3] + "." + d[3:6] + "." + d[6:9] + "-" + d[9:]
}

func validCPF(r *rng) string { return formatCPF(r, cpfDigits(r)) }
func badCPF(r *rng) string   { return formatCPF(r, offByOne(r, cpfDigits(r))) }

func formatDNI(r *rng, d string, letter byte) string {
	if r.intn(3) == 0 {
		return d + "-" + string(letter)
	}
	return d + string(letter)
}

func validDNI(r *rng) string {
	d := string(r.digits(nil, 8))
	return formatDNI(r, d, dniLetters[atoi(d)%23])
}

func badDNI(r *rng) string {
	d := string(r.digits(nil, 8))
	good := atoi(d) % 23
	return formatDNI(r, d, dniLetters[(good+1+r.intn(22))%23])
}

// World manufacturer identifiers of real makers, so the VINs look real.
var vinWMIs = []string{"WVW", "WBA", "WDB", "VF1", "ZFA", "SAL", "YV1", "JHM", "1HG", "5YJ", "KMH", "TMB"}

const vinYears = "ABCDEFGHJKLMNPRSTVWXY123456789"

func vinBody(r *rng) []byte {
	b := []byte(pick(r, vinWMIs))
	b = r.fromSet(b, vinChars[10:], 2) // model letters
	b = r.fromSet(b, vinChars, 3)      // VDS
	b = append(b, '0')                 // check digit, set below
	b = append(b, vinYears[r.intn(len(vinYears))])
	b = r.fromSet(b, vinChars[10:], 1) // plant
	return r.digits(b, 6)              // serial
}

func validVIN(r *rng) string {
	b := vinBody(r)
	b[8] = vinCheckChar(string(b))
	return string(b)
}

func badVIN(r *rng) string {
	b := vinBody(r)
	good := vinCheckChar(string(b))
	for {
		c := "0123456789X"[r.intn(11)]
		if c != good {
			b[8] = c
			return string(b)
		}
	}
}

func npiDigits(r *rng) string {
	b := []byte{byte('1' + r.intn(2))}
	b = r.digits(b, 8)
	c := luhnCheckDigit("80840" + string(b))
	return string(append(b, c))
}

func validNPI(r *rng) string { return npiDigits(r) }
func badNPI(r *rng) string   { return offByOne(r, npiDigits(r)) }

func nhsDigits(r *rng) string {
	for {
		body := string(r.digits([]byte{byte('4' + r.intn(6))}, 8))
		if c := nhsCheckDigit(body); c >= 0 {
			return body + string(byte('0'+c))
		}
	}
}

func formatNHS(r *rng, d string) string {
	if r.intn(2) == 0 {
		return d
	}
	return groupDigits(d, " ", 3, 3, 4)
}

func validNHS(r *rng) string { return formatNHS(r, nhsDigits(r)) }

// badNHS changes the check digit to another digit; no other digit makes the
// number valid, since mod 11 has one answer.
func badNHS(r *rng) string { return formatNHS(r, offByOne(r, nhsDigits(r))) }

func myNumberDigits(r *rng) string {
	body := string(r.digits([]byte{byte('1' + r.intn(9))}, 10))
	return body + string(myNumberCheckDigit(body))
}

// formatMyNumber writes 12 digits plainly, in groups of four, or in
// full-width digits (０-９), as Japanese forms often do.
func formatMyNumber(r *rng, d string) string {
	switch r.intn(4) {
	case 0:
		return groupDigits(d, " ", 4, 4, 4)
	case 1:
		return groupDigits(d, "-", 4, 4, 4)
	case 2:
		return fullWidth(d)
	}
	return d
}

func fullWidth(d string) string {
	var b strings.Builder
	for i := 0; i < len(d); i++ {
		b.WriteRune(rune(d[i]-'0') + '０')
	}
	return b.String()
}

func validMyNumber(r *rng) string { return formatMyNumber(r, myNumberDigits(r)) }
func badMyNumber(r *rng) string   { return formatMyNumber(r, offByOne(r, myNumberDigits(r))) }

func corporateDigits(r *rng) string {
	base := string(r.digits([]byte{byte('1' + r.intn(9))}, 11))
	return string(corporateCheckDigit(base)) + base
}

func validCorporate(r *rng) string {
	d := corporateDigits(r)
	if r.intn(4) == 0 {
		return fullWidth(d)
	}
	return d
}

func badCorporate(r *rng) string {
	d := corporateDigits(r)
	c := int(d[0] - '0')
	return string(byte('1'+(c+r.intn(8))%9)) + d[1:] // 1-9, never the right one
}

// --- IBANs of France, Spain, Italy and the UK ---

var ukBankCodes = []string{"NWBK", "BARC", "LOYD", "MIDL", "HBUK", "NAIA", "CITI", "SCBL"}

// bban returns a BBAN of country with its national check digits right.
func bban(r *rng, country string) string {
	switch country {
	case "FR":
		bank, branch, acct := string(r.digits(nil, 5)), string(r.digits(nil, 5)), string(r.digits(nil, 11))
		return bank + branch + acct + ribKey(bank, branch, acct)
	case "ES":
		bank, branch, acct := string(r.digits(nil, 4)), string(r.digits(nil, 4)), string(r.digits(nil, 10))
		return bank + branch + string(spainDC("00"+bank+branch)) + string(spainDC(acct)) + acct
	case "IT":
		rest := string(r.digits(nil, 22))
		return string(italyCIN(rest)) + rest
	case "GB":
		return pick(r, ukBankCodes) + string(r.digits(nil, 14))
	}
	panic("testcorpus: no BBAN for " + country)
}

// iban returns a valid IBAN of country, contiguous or in groups of four,
// redrawn until no digit run or grouping in it reads as a card number.
func iban(r *rng, country string) string {
	for {
		b := bban(r, country)
		s := country + ibanCheckDigits(country, b) + b
		if !ibanOK(s) {
			continue
		}
		if f := formatIBAN(r, s); numbersSafe(f) {
			return f
		}
	}
}

// badIBAN returns a contiguous IBAN of country whose check digits are wrong.
func badIBAN(r *rng, country string) string {
	for {
		b := bban(r, country)
		good := ibanCheckDigits(country, b)
		bad := pad(r.between(2, 98), 2)
		if s := country + bad + b; bad != good && numbersSafe(s) {
			return s
		}
	}
}

// wrongLengthIBAN returns a contiguous IBAN-shaped string of country one
// character longer or shorter than the country's length, with check digits
// that pass mod 97: only the length rule rejects it.
func wrongLengthIBAN(r *rng, country string) string {
	for {
		b := bban(r, country)
		if r.intn(2) == 0 {
			b += string(byte('0' + r.intn(10)))
		} else {
			b = b[:len(b)-1]
		}
		s := country + ibanCheckDigits(country, b) + b
		if ibanValid(s) && numbersSafe(s) {
			return s
		}
	}
}

// --- credentials ---

const gcpKeyChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-"

// gcpKey returns a Google Cloud API key: "AIza" and 35 of [A-Za-z0-9_-].
func gcpKey(r *rng) string { return gcpKeyOfLength(r, 35) }

func gcpKeyOfLength(r *rng, n int) string {
	for {
		s := string(r.fromSet([]byte("AIza"), gcpKeyChars, n))
		if numbersSafe(s) && noAWSKeyInside(s) && !strings.HasSuffix(s, "-") && !strings.HasSuffix(s, "_") {
			return s
		}
	}
}

const alnumChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"

// stripeKey returns a live secret key: "sk_live_" and 24 (older keys) or
// 99 (current keys) letters and digits.
func stripeKey(r *rng) string {
	return stripeKeyOfLength(r, pick(r, []int{24, 24, 99}))
}

func stripeKeyOfLength(r *rng, n int) string {
	for {
		s := string(r.fromSet([]byte("sk_live_"), alnumChars, n))
		if numbersSafe(s) && noAWSKeyInside(s) {
			return s
		}
	}
}

func shortStripeKey(r *rng) string { return stripeKeyOfLength(r, r.between(8, 16)) }

// basicAuthHeader returns "Authorization: Basic " and the base64 of
// user:password. Its base64 is never 40 characters long, the shape of an
// AWS secret key.
func basicAuthHeader(r *rng) string {
	for {
		f, l := randomPerson(r)
		user := f.ascii
		if r.intn(2) == 0 {
			user += "." + l.ascii
		}
		pass := string(r.fromSet(nil, alnumChars, r.between(10, 18)))
		tok := base64.StdEncoding.EncodeToString([]byte(user + ":" + pass))
		if len(strings.TrimRight(tok, "=")) != 40 && numbersSafe(tok) && noAWSKeyInside(tok) {
			return "Authorization: Basic " + tok
		}
	}
}

var basicPlaceholders = []string{"<credentials>", "${API_CREDENTIALS}", "{{ basic_auth }}", "$TOKEN", "<base64>"}

func basicAuthPlaceholder(r *rng) string {
	return "Authorization: Basic " + pick(r, basicPlaceholders)
}
