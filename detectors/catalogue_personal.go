package detectors

import "strings"

// Personal information: national IDs, taxpayer IDs, passports, driver's
// licences, phone numbers, dates of birth, coordinates, vehicle numbers,
// cookies. Most need a keyword (as in Macie): the shapes alone (eight or
// nine digits, a letter and seven digits) are everywhere in ordinary data.

// passportKeywords go to the countries whose passport number has a shape
// of its own; the others (nine digits in the UK as in the US, two letters
// and six digits in Canada as in Spain) need a national keyword.
var passportKeywords = []string{"passport", "passport number", "passport no", "passport#", "passport num", "passportno"}

func kws(base []string, extra ...string) []string {
	return append(append([]string{}, base...), extra...)
}

// Driver's licence keywords. Several countries' licence numbers share a
// shape (eight or nine digits), so the US, with the American spelling and
// the "DL" abbreviations, and the Commonwealth countries, with "licence",
// do not share keywords; a country whose shape is its own also takes the
// English words.
var (
	dlKeywords = []string{
		"driver's license", "drivers license", "driver license", "driving license", "dl#", "dl no",
		"dl number", "dln", "license number", "drivers lic", "driver's lic",
	}
	dlKeywordsCommonwealth = []string{
		"driver's licence", "drivers licence", "driver licence", "driving licence", "licence number", "licence no",
	}
	dlKeywordsAll = kws(dlKeywords, dlKeywordsCommonwealth...)
)

var phoneKeywords = []string{
	"phone", "phone number", "phone no", "telephone", "tel", "tel no", "mobile", "mobile number",
	"cell", "cell phone", "fax", "contact number",
}

// dobValid accepts the normalised digits of a date of birth in any of the
// written orders (YYYYMMDD, DDMMYYYY, MMDDYYYY, and one-digit day or
// month), for a year from 1900 to 2030.
func dobValid(b []byte) bool {
	v := func(s []byte) int {
		n := 0
		for _, c := range s {
			n = n*10 + int(c-'0')
		}
		return n
	}
	ok := func(y, m, d int) bool { return calendarDate(y, m, d, 1900, 2030) }
	switch len(b) {
	case 8:
		return ok(v(b[:4]), v(b[4:6]), v(b[6:])) || ok(v(b[4:]), v(b[2:4]), v(b[:2])) || ok(v(b[4:]), v(b[:2]), v(b[2:4]))
	case 7:
		return ok(v(b[3:]), v(b[1:3]), v(b[:1])) || ok(v(b[3:]), v(b[2:3]), v(b[:2])) ||
			ok(v(b[3:]), v(b[:1]), v(b[1:3])) || ok(v(b[3:]), v(b[:2]), v(b[2:3]))
	case 6:
		return ok(v(b[2:]), v(b[1:2]), v(b[:1])) || ok(v(b[2:]), v(b[:1]), v(b[1:2]))
	}
	return false
}

// latLongAt matches a coordinate pair "lat, long" (signed decimal degrees,
// at least four decimals each, latitude within ±90, longitude within ±180).
func latLongAt(data []byte, p int) int {
	lat, i, ok := decimalAt(data, p)
	if !ok || lat > 90 || lat < -90 {
		return 0
	}
	if i >= len(data) || data[i] != ',' {
		return 0
	}
	i++
	if i < len(data) && data[i] == ' ' {
		i++
	}
	lon, end, ok := decimalAt(data, i)
	if !ok || lon > 180 || lon < -180 || (end < len(data) && (isAlnum(data[end]) || data[end] == '.')) {
		return 0
	}
	return end
}

// decimalAt parses [-+]?D{1,3}.D{4,10} at data[p], returning its value
// (integer part only matters for ranges), end and ok.
func decimalAt(data []byte, p int) (int, int, bool) {
	n := len(data)
	i := p
	neg := false
	if i < n && (data[i] == '-' || data[i] == '+') {
		neg = data[i] == '-'
		i++
	}
	st := i
	v := 0
	for i < n && isDigit(data[i]) && i-st < 4 {
		v = v*10 + int(data[i]-'0')
		i++
	}
	if i-st < 1 || i-st > 3 || i >= n || data[i] != '.' {
		return 0, 0, false
	}
	i++
	fs := i
	frac := false
	for i < n && isDigit(data[i]) && i-fs <= 10 {
		frac = frac || data[i] != '0'
		i++
	}
	if i-fs < 4 || i-fs > 10 {
		return 0, 0, false
	}
	if frac && (v == 90 || v == 180) {
		v++ // just above the limit
	}
	if neg {
		v = -v
	}
	return v, i, true
}

// cookieAt matches an HTTP Cookie or Set-Cookie header's value: from the
// header name to the end of the line, with at least one name=value pair.
func cookieAt(data []byte, p int) int {
	i := p
	n := len(data)
	for i < n && data[i] != ':' && i-p < 12 {
		i++
	}
	if i >= n || data[i] != ':' {
		return 0
	}
	i++
	for i < n && data[i] == ' ' {
		i++
	}
	vs := i
	eq := false
	for i < n && data[i] != '\n' && data[i] != '\r' && data[i] != 0 && data[i] != '"' && i-vs < 4096 {
		if data[i] == '=' && i > vs {
			eq = true
		}
		i++
	}
	if !eq || i-vs < 3 {
		return 0
	}
	return i
}

// usPhoneValid: a NANP number has an area code and exchange starting 2-9;
// the 555 exchange is fictional (NANPA reserves 555-0100..0199 for fiction
// and assigns almost none of the rest), and N11 codes are service codes.
func usPhoneValid(b []byte) bool {
	if len(b) != 10 || b[0] < '2' || b[3] < '2' {
		return false
	}
	if (b[1] == '1' && b[2] == '1') || (b[4] == '1' && b[5] == '1') {
		return false
	}
	return !(b[3] == '5' && b[4] == '5' && b[5] == '5')
}

// itinValid: an ITIN is 9XX-GG-XXXX with the group GG in 50-65, 70-88,
// 90-92 or 94-99.
func itinValid(b []byte) bool {
	if len(b) != 9 || b[0] != '9' {
		return false
	}
	g := atoi2(b[3:5])
	return (g >= 50 && g <= 65) || (g >= 70 && g <= 88) || (g >= 90 && g <= 92) || g >= 94
}

// panValid: an Indian PAN's fourth letter is the holder type (C, P, H, F,
// A, T, B, L, J, G).
func panValid(b []byte) bool {
	return len(b) == 10 && strings.IndexByte("CPHFATBLJG", b[3]) >= 0
}

// franceTaxValid: a French numéro fiscal (SPI) has 13 digits, the first 0
// to 3, and its last three are the first ten modulo 511.
func franceTaxValid(b []byte) bool {
	if len(b) != 13 || b[0] > '3' {
		return false
	}
	v := 0
	for _, c := range b[:10] {
		v = v*10 + int(c-'0')
	}
	key := int(b[10]-'0')*100 + int(b[11]-'0')*10 + int(b[12]-'0')
	return v%511 == key
}

// spainSSNValid: a Spanish social security number has 12 digits, the last
// two the first ten modulo 97.
func spainSSNValid(b []byte) bool {
	if len(b) != 12 {
		return false
	}
	v := 0
	for _, c := range b[:10] {
		v = v*10 + int(c-'0')
	}
	return v%97 == atoi2(b[10:])
}

// germanDocValid: German passport and identity card numbers use digits and
// the consonants C F G H J K L M N P R T V W X Y Z (no vowels, no B D Q S).
func germanDocValid(b []byte) bool {
	for _, c := range b {
		if !isDigit(c) && strings.IndexByte("CFGHJKLMNPRTVWXYZ", c) < 0 {
			return false
		}
	}
	return len(b) == 9 && !isDigit(b[0])
}

func personalRows() []Spec {
	rows := []Spec{
		kwShapeRow("BRAZIL_CPF_NUMBER", CategoryPersonal, "Brazilian CPF number",
			[]string{"cpf", "cpf#", "cpf nº", "cadastro de pessoa física", "cadastro de pessoas físicas", "número do cpf", "receita federal"},
			&Shape{Patterns: []string{"999.999.999-99", "99999999999", "999999999-99"}, Valid: checkBrazilCPF}, "mod11",
			texts("CPF: «529.982.247-25»", "cpf «11144477735»"),
			texts("529.982.247-25", "CPF 529.982.247-26", "CPF 111.111.111-11")),
		kwShapeRow("BRAZIL_CNPJ_NUMBER", CategoryPersonal, "Brazilian CNPJ number",
			[]string{"cnpj", "cnpj/mf", "cnpj#", "cadastro nacional da pessoa jurídica", "número do cnpj"},
			&Shape{Patterns: []string{"XX.XXX.XXX/XXXX-99", "XXXXXXXXXXXX99"}, Valid: checkBrazilCNPJ}, "mod11",
			texts("CNPJ: «11.222.333/0001-81»", "cnpj «45278391000149»"),
			texts("11.222.333/0001-81", "CNPJ 11.222.333/0001-82")),
		kwShapeRow("BRAZIL_RG_NUMBER", CategoryPersonal, "Brazilian RG number",
			[]string{"rg", "rg nº", "registro geral", "carteira de identidade", "cédula de identidade", "número do rg"},
			&Shape{Patterns: []string{"99.999.999-X", "9.999.999-X", "99999999X", "99.999.999"}}, "",
			texts("RG: «24.678.135-7»", "carteira de identidade «4.527.931-X»"),
			texts("24.678.135-7", "RG 24.678.135-77")),
		kwShapeRow("CANADA_SOCIAL_INSURANCE_NUMBER", CategoryPersonal, "Canadian Social Insurance Number",
			[]string{"sin", "sin#", "social insurance number", "social insurance no", "numéro d'assurance sociale", "nas", "insurance number"},
			&Shape{Patterns: []string{"999-999-999", "999 999 999", "999999999"}, Valid: checkCanadaSIN, Examples: []string{"046454286"}}, "luhn",
			texts("SIN: «512-345-604»", "social insurance number «123 456 709»"),
			texts("512-345-604", "SIN 512-345-605", "SIN 046 454 286")),
		kwShapeRow("CHILE_RUT_NUMBER", CategoryPersonal, "Chilean RUT/RUN",
			[]string{"rut", "run", "rol único tributario", "rol unico tributario", "rol único nacional", "rut nº"},
			&Shape{Patterns: []string{"99.999.999-x", "9.999.999-x", "99999999-x", "9999999-x"}, Valid: checkChileRUT}, "mod11",
			texts("RUT: «12.345.678-5»", "rut «7654320-8»"),
			texts("12.345.678-5", "RUT 12.345.678-4")),
		kwShapeRow("CHINA_RESIDENT_ID_NUMBER", CategoryPersonal, "PRC resident identity card number",
			[]string{"身份证", "身份证号", "身份证号码", "居民身份证", "公民身份号码", "resident identity card", "chinese id", "china id", "id card number"},
			&Shape{Patterns: []string{"99999999999999999X", "999999 99999999 999X"}, Valid: checkMod11_2}, "iso7064-mod11-2",
			texts("身份证号码: «440524198801211235»", "resident identity card «320106199208174579»"),
			texts("440524198801211235", "身份证 440524198801211236", "身份证 440524198813211235")),
		offByDefault(kwShapeRow("DATE_OF_BIRTH", CategoryPersonal, "Date of birth",
			[]string{
				"dob", "date of birth", "birth date", "birthdate", "birthday", "b-day", "bday", "born on", "born",
				"fecha de nacimiento", "date de naissance", "geburtsdatum", "data di nascita", "data de nascimento",
				"生年月日", "誕生日",
			},
			&Shape{Patterns: []string{
				"9999-99-99", "9999/99/99", "99/99/9999", "99-99-9999", "99.99.9999",
				"9/99/9999", "99/9/9999", "9/9/9999", "9.9.9999", "99.9.9999", "9.99.9999",
			}, Valid: dobValid}, "",
			[]Sample{{Text: "DOB: «1984-07-23»"}, {Text: "date of birth «23.07.1984»"}, {Text: "born on «7/4/1976»"}, {Field: "birth_date", Text: "«12/31/1999»"}},
			texts("1984-07-23", "DOB: 1984-13-23", "dob 31/02/1990", "date of birth 2024-05-01T10:00:00", "dob 1850-01-01"))),
		kwShapeRow("FRANCE_TAX_IDENTIFICATION_NUMBER", CategoryPersonal, "French tax identification number (numéro fiscal)",
			[]string{"numéro fiscal", "numero fiscal", "numéro spi", "numéro d'identification fiscale", "identifiant fiscal", "référence fiscale", "tax identification number"},
			&Shape{Patterns: []string{"9999999999999", "99 99 999 999 999"}, Valid: franceTaxValid}, "mod511",
			texts("numéro fiscal: «3023217600053»", "Numéro fiscal «30 23 217 600 053»"),
			texts("3023217600053", "numéro fiscal 3023217600054", "numéro fiscal 5023217600053")),
		// The NIR (INSEE number) under Macie's national-ID keywords; next to
		// a health or social-security keyword of FRANCE_HEALTH_INSURANCE_NUMBER
		// the same value is reported once, as that. Macie's list also has
		// "ssn", "ssn#", "ss#" and "social": left out, because a field named
		// like a US SSN column ("customer_ssn") or "social_*" would have every
		// value searched for NIRs at every position (5x slower on such a
		// column in BenchmarkScan/nul-field), and those words are US or
		// generic; the French and spelled-out keywords remain.
		yieldsTo(kwShapeRow("FRANCE_NATIONAL_IDENTIFICATION_NUMBER", CategoryPersonal, "French national identification number (NIR, INSEE code)",
			[]string{
				"assurance sociale", "carte nationale d'identité", "carte nationale d’identité", "cni", "code sécurité sociale",
				"french social security number", "fssn#", "insee", "insurance number", "national id number", "nationalid#",
				"numéro d'assurance", "sécurité sociale", "sécurité sociale non.", "sécurité sociale numéro",
				"social security", "social security number", "socialsecuritynumber",
			},
			&Shape{Patterns: []string{"9 99 99 XX 999 999 99", "9XXXXXX999999 99", "9XXXXXX99999999"}, Valid: checkFranceINSEE}, "mod97",
			texts("French social security number: «2 69 05 49 588 157 80»", "FSSN# «295109912611193»", "national id number «1 85 05 2A 006 084 35»"),
			texts("2 69 05 49 588 157 80", "social security number 2 69 05 49 588 157 81", "social security 5 69 05 49 588 157 80", "sécurité sociale 2 69 05 49 588 157 80")), "FRANCE_HEALTH_INSURANCE_NUMBER"),
		kwShapeRow("GERMANY_TAX_IDENTIFICATION_NUMBER", CategoryPersonal, "German tax identification number (Steuer-IdNr)",
			[]string{"steuer-id", "steuerid", "steueridentifikationsnummer", "steuerliche identifikationsnummer", "identifikationsnummer", "idnr", "id-nr", "steuer-idnr", "tax id", "tin"},
			&Shape{Patterns: []string{"99999999999", "99 999 999 999", "999 999 999 99"}, Valid: checkMod11_10}, "iso7064-mod11-10",
			texts("Steuer-ID: «86574391217»", "Steueridentifikationsnummer «57 093 214 609»"),
			texts("86574391217", "Steuer-ID 86574391218", "Steuer-ID 06574391217")),
		kwShapeRow("GERMANY_NATIONAL_IDENTIFICATION_NUMBER", CategoryPersonal, "German identity card number",
			[]string{"personalausweis", "personalausweisnummer", "ausweisnummer", "ausweis", "ausweis-nr", "id card number", "identity card"},
			&Shape{Patterns: []string{"AXXXXXXXX"}, Valid: germanDocValid}, "",
			texts("Ausweisnummer: «L01X00T47»", "personalausweis «T22000129»"),
			texts("L01X00T47", "Ausweisnummer L01A00T47", "Ausweisnummer L01X00T4")),
		kwShapeRow("GERMANY_PASSPORT_NUMBER", CategoryPersonal, "German passport number",
			[]string{"reisepass", "reisepassnummer", "passnummer", "pass-nr", "pass nr", "german passport"},
			&Shape{Patterns: []string{"AXXXXXXXX"}, Valid: germanDocValid}, "",
			texts("Reisepassnummer: «C01X00T47»", "Reisepass «CFJ0K7R29»"),
			texts("C01X00T47", "Reisepass C01X00T4", "Reisepass CA1X00T47")),
		kwShapeRow("INDIA_AADHAAR_NUMBER", CategoryPersonal, "Indian Aadhaar number",
			[]string{"aadhaar", "aadhar", "aadhaar number", "aadhaar no", "aadhar number", "uidai", "uid", "आधार"},
			&Shape{Patterns: []string{"9999 9999 9999", "9999-9999-9999", "999999999999"}, Valid: checkIndiaAadhaar}, "verhoeff",
			texts("Aadhaar: «2341 2341 2305»", "aadhaar no «499118609506»"),
			texts("2341 2341 2305", "Aadhaar 2341 2341 2306", "Aadhaar 1341 2341 2305")),
		kwShapeRow("INDIA_PERMANENT_ACCOUNT_NUMBER", CategoryPersonal, "Indian Permanent Account Number (PAN)",
			[]string{"permanent account number", "pan card", "pan no", "pan number", "income tax pan", "pan"},
			&Shape{Patterns: []string{"AAAAA9999A"}, Valid: panValid}, "",
			texts("PAN: «ABCPE1234F»", "permanent account number «AAAPL1234C»"),
			texts("ABCPE1234F", "PAN ABCXE1234F", "PAN ABCPE12345")),
		kwShapeRow("ITALY_NATIONAL_IDENTIFICATION_NUMBER", CategoryPersonal, "Italian fiscal code (codice fiscale)",
			[]string{"codice fiscale", "cod. fisc.", "cod fisc", "c.f.", "cf", "tax code", "codice fiscale personale", "tessera sanitaria"},
			&Shape{Patterns: []string{"aaaaaaxxaxxaxxxa"}, Valid: checkItalyCodiceFiscale}, "cf-check-letter",
			texts("codice fiscale: «RSSMRA85T10A560O»", "C.F. «BNCLRA70A41H500C»"),
			texts("RSSMRA85T10A560O", "codice fiscale RSSMRA85T10A560A", "codice fiscale RSSMRA85Z10A560O")),
		kwShapeRow("KOREA_RESIDENT_REGISTRATION_NUMBER", CategoryPersonal, "South Korean resident registration number",
			[]string{"주민등록번호", "주민번호", "주민등록", "resident registration number", "rrn", "korean rrn"},
			&Shape{Patterns: []string{"999999-9999999", "9999999999999", "999999 9999999"}, Valid: checkKoreaRRN}, "rrn",
			texts("주민등록번호: «900101-1234568»", "RRN «9001011234568»"),
			texts("900101-1234568", "주민등록번호 900101-1234567", "주민등록번호 901301-1234568")),
		kwShapeRow("MEXICO_CURP_NUMBER", CategoryPersonal, "Mexican CURP",
			[]string{"curp", "clave única de registro de población", "clave unica de registro de poblacion", "clave curp"},
			&Shape{Patterns: []string{"AAAA999999AAAAAAX9"}, Valid: checkMexicoCURP}, "curp",
			texts("CURP: «GODE561231HDFRRN00»", "curp «BADD110313HCMLNS06»"),
			texts("GODE561231HDFRRN00", "CURP GODE561231HDFRRN01", "CURP GODE561331HDFRRN00")),
		kwShapeRow("NETHERLANDS_BSN_NUMBER", CategoryPersonal, "Dutch citizen service number (BSN)",
			[]string{"bsn", "burgerservicenummer", "sofinummer", "sofi-nummer", "persoonsnummer", "citizen service number", "bsn-nummer"},
			&Shape{Patterns: []string{"999999999", "9999.99.999", "999 999 999", "9999 99 999"}, Valid: checkNetherlandsBSN}, "elfproef",
			texts("BSN: «111222308»", "burgerservicenummer «7654.32.109»"),
			texts("111222308", "BSN 111222309", "BSN 000000000")),
		kwShapeRow("POLAND_PESEL_NUMBER", CategoryPersonal, "Polish PESEL number",
			[]string{"pesel", "numer pesel", "nr pesel", "pesel nr", "powszechny elektroniczny system ewidencji ludności"},
			&Shape{Patterns: []string{"99999999999"}, Valid: checkPolandPESEL}, "pesel",
			texts("PESEL: «44051401403»", "numer PESEL «02101412306»"),
			texts("44051401403", "PESEL 44051401404", "PESEL 44135401403")),
		kwShapeRow("SINGAPORE_NRIC_NUMBER", CategoryPersonal, "Singapore NRIC/FIN",
			[]string{"nric", "nric no", "nric number", "fin", "fin no", "identity card number", "ic number", "singapore ic"},
			&Shape{Patterns: []string{"a9999999a"}, Valid: checkSingaporeNRIC, Examples: []string{"S1234567D"}}, "nric",
			texts("NRIC: «T0876543F»", "nric no «S7654321F»"),
			texts("T0876543F", "NRIC T0876543G", "NRIC S1234567D")),
		kwShapeRow("SWEDEN_PERSONNUMMER", CategoryPersonal, "Swedish personal identity number (personnummer)",
			[]string{"personnummer", "personnr", "person nummer", "samordningsnummer", "personal identity number", "pnr"},
			&Shape{Patterns: []string{"999999-9999", "999999+9999", "99999999-9999", "9999999999", "999999999999"}, Valid: checkSwedenPersonnummer}, "luhn",
			texts("personnummer: «811218-9801»", "personnummer «19900315-2304»"),
			texts("811218-9801", "personnummer 811218-9802", "personnummer 811318-9801")),
		kwShapeRow("AUSTRALIA_TAX_FILE_NUMBER", CategoryPersonal, "Australian tax file number",
			[]string{"tfn", "tax file number", "tax file no", "tfn#", "australian tax file number"},
			&Shape{Patterns: []string{"999 999 999", "999999999", "999-999-999", "99 999 999", "99999999"}, Valid: checkAustraliaTFN, Examples: []string{"123456782"}}, "mod11",
			texts("TFN: «459 871 208»", "tax file number «123456707»"),
			texts("459 871 208", "TFN 459 871 209")),
		kwShapeRow("SPAIN_DNI_NUMBER", CategoryPersonal, "Spanish DNI number",
			[]string{"dni", "d.n.i.", "documento nacional de identidad", "número de dni", "numero de dni", "dni nº"},
			&Shape{Patterns: []string{"99999999a", "99999999-a", "99.999.999-a", "99999999 a"}, Valid: checkSpainDNI}, "mod23",
			texts("DNI: «12345670Y»", "dni «48151620-Q»"),
			texts("12345670Y", "DNI 12345670Z", "DNI 1234567Y")),
		kwShapeRow("SPAIN_NIE_NUMBER", CategoryPersonal, "Spanish foreigner identity number (NIE)",
			[]string{"nie", "n.i.e.", "número de identidad de extranjero", "número de identificación de extranjero", "numero de extranjero", "nie nº"},
			&Shape{Patterns: []string{"a9999999a", "a-9999999-a"}, Valid: checkSpainNIE}, "mod23",
			texts("NIE: «X1234560N»", "nie «X-1234561-J»"),
			texts("X1234560N", "NIE X1234560M", "NIE A1234560N")),
		kwShapeRow("SPAIN_NIF_NUMBER", CategoryPersonal, "Spanish entity tax number (NIF, former CIF)",
			[]string{"nif", "cif", "n.i.f.", "c.i.f.", "número de identificación fiscal", "código de identificación fiscal", "nif nº"},
			&Shape{Patterns: []string{"a9999999X", "a-9999999-X", "a-99999999"}, Valid: checkSpainNIF}, "cif",
			texts("CIF: «A58818501»", "NIF «B12345609»"),
			texts("A58818501", "CIF A58818502", "CIF I58818501")),
		// A natural person's NIF: the DNI number and letter, or the K/L/M
		// forms. Next to "dni", "nie" or "nif"/"cif" the DNI, NIE and NIF rows
		// report the value instead.
		yieldsTo(kwShapeRow("SPAIN_TAX_IDENTIFICATION_NUMBER", CategoryPersonal, "Spanish tax identification number of a person (NIF)",
			[]string{
				"cif", "cif número", "cifnúmero#", "nie", "nif", "número de contribuyente", "numero de contribuyente",
				"número de identidad de extranjero", "número de identificación fiscal", "numero de identificacion fiscal",
				"número de impuesto corporativo", "personal tax number", "tax id", "tax identification number", "tax number", "tin", "tin#",
			},
			&Shape{Patterns: []string{"99999999a", "99999999-a", "99.999.999-a", "a9999999a", "a-9999999-a"}, Valid: checkSpainTIN, Examples: []string{"12345678Z"}}, "mod23",
			texts("NIF: «48151620Q»", "tax identification number «K1234567L»", "número de contribuyente «L-7654321-J»"),
			texts("48151620Q", "NIF 48151620R", "NIF 12345678Z", "NIF X1234567L", "DNI y NIF: 48151620Q")), "SPAIN_DNI_NUMBER", "SPAIN_NIE_NUMBER", "SPAIN_NIF_NUMBER"),
		kwShapeRow("SPAIN_SOCIAL_SECURITY_NUMBER", CategoryPersonal, "Spanish social security number",
			[]string{"número de la seguridad social", "numero de la seguridad social", "seguridad social", "número de afiliación", "nss", "naf"},
			&Shape{Patterns: []string{"999999999999", "99/99999999/99", "99 99999999 99", "99-99999999-99"}, Valid: spainSSNValid}, "mod97",
			texts("seguridad social: «281234567840»", "NSS «28/12345678/40»"),
			texts("281234567840", "NSS 281234567841")),
		kwShapeRow("UK_NATIONAL_INSURANCE_NUMBER", CategoryPersonal, "UK National Insurance number",
			[]string{"national insurance number", "national insurance no", "national insurance", "insurance number", "nino", "ni number", "ni no", "nationalinsurance#"},
			&Shape{Patterns: []string{"aa999999a", "aa 99 99 99 a", "aa-99-99-99-a", "aa 999999 a"}, Valid: checkUKNINO}, "",
			texts("NINO: «JG103759A»", "national insurance number «AB 12 34 56 C»"),
			texts("JG103759A", "NINO QQ123456C", "NINO GB123456A", "NINO AB123456E")),
		kwShapeRow("UK_ELECTORAL_ROLL_NUMBER", CategoryPersonal, "UK electoral roll number",
			[]string{"electoral #", "electoral number", "electoral roll #", "electoral roll no.", "electoral roll number", "electoralrollno", "electoral roll no"},
			// A polling district code (two or three letters) and the elector's
			// number in it (the e-GIF ElectoralRollNumberType).
			&Shape{Patterns: []string{"AA9{1,4}", "AAA9{1,4}"}}, "",
			texts("electoral roll number: «AB1234»", "Electoral roll no. «KLM12»"),
			texts("AB1234", "electoral roll number 12345", "electoral roll number AB12345", "electoral roll number ABCD123")),
		kwShapeRow("UK_PASSPORT_NUMBER", CategoryPersonal, "UK passport number",
			[]string{"uk passport", "british passport", "hm passport", "uk passport number", "british passport number"},
			&Shape{Patterns: []string{"999999999"}}, "",
			texts("UK passport no «925076473»", "british passport: «107182645»"),
			texts("925076473", "passport 92507647", "passport 9250764731")),
		kwShapeRow("UK_TAX_IDENTIFICATION_NUMBER", CategoryPersonal, "UK Unique Taxpayer Reference",
			[]string{"utr", "unique taxpayer reference", "taxpayer reference", "tax reference", "self assessment", "tax ref"},
			&Shape{Patterns: []string{"9999999999", "99999 99999"}}, "",
			texts("UTR: «1234567890»", "unique taxpayer reference «98765 43210»"),
			texts("1234567890", "UTR 123456789")),
		kwShapeRow("USA_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", CategoryPersonal, "US Individual Taxpayer Identification Number",
			[]string{"itin", "itin#", "individual taxpayer identification number", "taxpayer identification number", "tax id", "taxpayer id"},
			&Shape{Patterns: []string{"999-99-9999", "999 99 9999", "999999999"}, Valid: itinValid}, "",
			texts("ITIN: «912-70-1234»", "taxpayer id «999 94 5678»"),
			texts("912-70-1234", "ITIN 912-69-1234", "ITIN 812-70-1234")),
		yieldsTo(kwShapeRow("USA_PASSPORT_NUMBER", CategoryPersonal, "US passport number",
			kws(passportKeywords, "us passport", "u.s. passport", "passport book"),
			&Shape{Patterns: []string{"999999999", "A99999999"}}, "",
			texts("US passport «488839667»", "passport number: «A12345678»"),
			texts("488839667", "passport 48883966")), "UK_PASSPORT_NUMBER"),
		kwShapeRow("CANADA_PASSPORT_NUMBER", CategoryPersonal, "Canadian passport number",
			[]string{"canadian passport", "canada passport", "passeport canadien", "passport canada"},
			&Shape{Patterns: []string{"AA999999"}}, "",
			texts("canadian passport «GA302922»", "passeport canadien: «HK123456»"),
			texts("GA302922", "passport GA3029221")),
		kwShapeRow("FRANCE_PASSPORT_NUMBER", CategoryPersonal, "French passport number",
			kws(passportKeywords, "passeport", "numéro de passeport", "n° passeport"),
			&Shape{Patterns: []string{"99AA99999"}}, "",
			texts("numéro de passeport «18AB12345»", "passeport: «09CV75746»"),
			texts("18AB12345", "passeport 18AB1234")),
		kwShapeRow("ITALY_PASSPORT_NUMBER", CategoryPersonal, "Italian passport number",
			kws(passportKeywords, "passaporto", "numero di passaporto", "numero passaporto"),
			&Shape{Patterns: []string{"AA9999999"}}, "",
			texts("passaporto «YA1234567»", "numero di passaporto: «AA0000001»"),
			texts("YA1234567", "passaporto YA123456")),
		kwShapeRow("SPAIN_PASSPORT_NUMBER", CategoryPersonal, "Spanish passport number",
			[]string{"pasaporte", "número de pasaporte", "numero de pasaporte", "spanish passport"},
			&Shape{Patterns: []string{"AAA999999", "AA999999"}}, "",
			texts("pasaporte «PAA123456»", "número de pasaporte: «XD123456»"),
			texts("PAA123456", "pasaporte PAA1234567")),
		kwShapeRow("DRIVERS_LICENSE", CategoryPersonal, "US driver's license number (Macie's DRIVERS_LICENSE)",
			kws(dlKeywords, "driver's license #", "dl #"),
			&Shape{Patterns: []string{"A9{4,14}", "9{7,12}", "A99-99-9999", "A999-999-99-999-9", "9999-99-9999"}}, "",
			texts("driver's license «D1234567»", "DL# «123456789»", "drivers license number: «A123-456-78-901-2»"),
			texts("D1234567", "driver's license D12")),
		kwShapeRow("UK_DRIVERS_LICENSE", CategoryPersonal, "UK driving licence number",
			kws(dlKeywordsAll, "dvla", "driver number", "driving licence number"),
			&Shape{Patterns: []string{"XXXXX999999XX9XX", "XXXXX 999999 XX9XX"}}, "",
			texts("driving licence «MORGA753116SM9IJ»", "DVLA: «JONES 610235 JJ7AB»"),
			texts("MORGA753116SM9IJ", "driving licence MORGA753116SM9I")),
		kwShapeRow("CANADA_DRIVERS_LICENSE", CategoryPersonal, "Canadian driver's licence number",
			kws(dlKeywordsCommonwealth, "permis de conduire", "numéro de permis"),
			&Shape{Patterns: []string{"A9999-99999-99999", "A99999999999999", "A999999999999", "A9999-999999-99"}}, "",
			texts("driver's licence «A1234-56789-01234»", "permis de conduire «B123456789012»"),
			texts("A1234-56789-01234", "driver's licence A1234-5678")),
		kwShapeRow("AUSTRALIA_DRIVERS_LICENSE", CategoryPersonal, "Australian driver's licence number",
			kws(dlKeywordsCommonwealth, "australian driver licence", "licence no."),
			&Shape{Patterns: []string{"9{8,10}", "AA999999", "99AA9999"}}, "",
			texts("driver licence «12345678»", "driver's licence: «AB123456»"),
			texts("12345678", "driver licence 1234567")),
		kwShapeRow("FRANCE_DRIVERS_LICENSE", CategoryPersonal, "French driving licence number",
			[]string{"permis de conduire", "numéro de permis", "numéro du permis", "n° de permis"},
			&Shape{Patterns: []string{"999999999999", "99AA99999"}}, "",
			texts("permis de conduire «123456789012»", "numéro de permis: «13AB12345»"),
			texts("123456789012", "permis de conduire 12345678901")),
		kwShapeRow("GERMANY_DRIVERS_LICENSE", CategoryPersonal, "German driving licence number",
			kws(dlKeywordsAll, "führerschein", "führerscheinnummer", "fuhrerschein", "fuehrerschein", "führerschein-nr"),
			&Shape{Patterns: []string{"X99XXXXXX9X"}}, "",
			texts("Führerschein «B072RRE2I55»", "führerscheinnummer: «J010000SD51»"),
			texts("B072RRE2I55", "Führerschein B072RRE2I5")),
		kwShapeRow("ITALY_DRIVERS_LICENSE", CategoryPersonal, "Italian driving licence number",
			kws(dlKeywordsAll, "patente", "patente di guida", "numero patente"),
			&Shape{Patterns: []string{"AA9999999A", "A99999999A"}}, "",
			texts("patente di guida «MI1234567X»", "patente: «U12345678Z»"),
			texts("MI1234567X", "patente MI123456X")),
		kwShapeRow("SPAIN_DRIVERS_LICENSE", CategoryPersonal, "Spanish driving licence number",
			kws(dlKeywordsAll, "permiso de conducir", "carnet de conducir", "licencia de conducir", "carné de conducir"),
			&Shape{Patterns: []string{"99999999a", "99999999-a"}, Valid: checkSpainDNI}, "mod23",
			texts("permiso de conducir «12345670Y»", "carnet de conducir: «48151620-Q»"),
			texts("12345670Y", "permiso de conducir 12345670Z")),
		offByDefault(kwShapeRow("LATITUDE_LONGITUDE", CategoryPersonal, "GPS coordinates (latitude and longitude)",
			[]string{"latitude", "longitude", "lat", "long", "lng", "lon", "coordinates", "coords", "gps", "geo", "location", "position", "latlng", "lat long"},
			&Shape{At: latLongAt}, "",
			texts("GPS: «37.7749, -122.4194»", "location «-33.8688,151.2093»", `"coordinates":"«48.858370, 2.294481»"`),
			texts("37.7749, -122.4194", "gps 97.7749, -122.4194", "gps 37.7749, -192.4194", "gps 37.77, -122.41", "gps 1.2345, 6.7890.1"))),
		kwShapeRow("VEHICLE_IDENTIFICATION_NUMBER", CategoryPersonal, "Vehicle identification number (VIN)",
			[]string{"vin", "vin#", "vin number", "vin no", "vehicle identification number", "vehicle identification no", "vehicle id", "chassis number", "fahrgestellnummer", "numéro de série", "número de bastidor", "numero di telaio"},
			&Shape{Patterns: []string{"XXXXXXXXXXXXXXXXX"}, Valid: checkVIN}, "vin-mod11",
			texts("VIN: «1HGCM82633A004352»", "vehicle identification number «1M8GDM9AXKP042788»"),
			texts("1HGCM82633A004352", "VIN 1HGCM82633A004353", "VIN 1HGCM82633A00435")),
		{
			ID:       "HTTP_COOKIE",
			Category: CategoryPersonal,
			Name:     "HTTP cookie header",
			Matcher:  "shape",
			Shape:    &Shape{Anchors: []string{"Cookie:", "cookie:", "COOKIE:"}, At: cookieAt},
			Severity: severityByCount,
			Samples: texts(
				"GET / HTTP/1.1\r\n«Cookie: sessionid=38afes7a8; csrftoken=u32t4o3tb3gg43»\r\n",
				"Set-«Cookie: id=a3fWa; Expires=Thu, 31 Oct 2030 07:28:00 GMT; Secure»\n",
			),
			NegativeSamples: texts("the Cookie: policy page", "cookie: \n"),
		},
	}
	rows = append(rows, licenceRows()...)
	rows = append(rows, peopleRows()...)
	rows = append(rows, americasRows()...)
	return append(rows, phoneRows()...)
}

func phoneRows() []Spec {
	return []Spec{
		offByDefault(kwShapeRow("BRAZIL_PHONE_NUMBER", CategoryPersonal, "Brazilian phone number",
			[]string{"telefone", "celular", "fone", "número de telefone", "numero de telefone", "contato"},
			&Shape{Patterns: []string{"+55 99 99999-9999", "+55 99 9999-9999", "(99) 99999-9999", "(99) 9999-9999", "+55 (99) 99999-9999", "+5599999999999"}}, "",
			texts("telefone: «(11) 98765-4321»", "celular «+55 21 99876-5432»"),
			texts("(11) 98765-4321", "telefone 98765-4321"))),
		offByDefault(kwShapeRow("FRANCE_PHONE_NUMBER", CategoryPersonal, "French phone number",
			[]string{"téléphone", "portable", "numéro de téléphone", "numero de telephone", "tél", "tél.", "fixe"},
			&Shape{Patterns: []string{"+33 9 99 99 99 99", "+339 99 99 99 99", "+33999999999", "09 99 99 99 99", "09.99.99.99.99", "0999999999", "+33 (0)9 99 99 99 99"}}, "",
			texts("téléphone: «06 12 34 56 78»", "portable «+33 6 12 34 56 78»"),
			texts("06 12 34 56 78", "téléphone 06 12 34 56"))),
		offByDefault(kwShapeRow("GERMANY_PHONE_NUMBER", CategoryPersonal, "German phone number",
			[]string{"telefon", "telefonnummer", "handy", "handynummer", "mobil", "mobilnummer", "rufnummer", "festnetz"},
			&Shape{Patterns: []string{`+4\9 9{2,5} 9{4,8}`, `+4\9 (0)9{2,5} 9{4,8}`, "09{2,5} 9{4,8}", "09{2,5}/9{4,8}", "09{2,5}-9{4,8}", `+4\99{9,13}`}}, "",
			texts("Telefon: «030 12345678»", "handy «+49 151 23456789»"),
			texts("030 12345678", "Telefon 30 12345678"))),
		offByDefault(kwShapeRow("ITALY_PHONE_NUMBER", CategoryPersonal, "Italian phone number",
			[]string{"telefono", "cellulare", "numero di telefono", "recapito telefonico", "cellulare n"},
			&Shape{Patterns: []string{`+3\9 999 999 9999`, `+3\9 99 9999 9999`, `+3\9 999 9999999`, `+3\99{9,11}`, "399 999 9999", "99 9999 9999", "399 9999999"}}, "",
			texts("cellulare «+39 347 123 4567»", "telefono: «06 1234 5678»"),
			texts("+39 347 123 4567", "telefono 1234"))),
		offByDefault(kwShapeRow("SPAIN_PHONE_NUMBER", CategoryPersonal, "Spanish phone number",
			[]string{"teléfono", "móvil", "movil", "celular", "número de teléfono", "numero de telefono", "tlf"},
			&Shape{Patterns: []string{"+34 999 99 99 99", "+34 999 999 999", "+34999999999", "999 99 99 99", "999 999 999"}, Valid: spainPhoneValid}, "",
			texts("teléfono: «612 34 56 78»", "móvil «+34 612 345 678»"),
			texts("612 34 56 78", "teléfono 112 34 56 78"))),
		offByDefault(kwShapeRow("UK_PHONE_NUMBER", CategoryPersonal, "UK phone number",
			kws(phoneKeywords, "mobile no", "landline", "phone no."),
			&Shape{Patterns: []string{"+44 99 9999 9999", "+44 9999 999999", "+44 999 999 9999", "+44 (0)99 9999 9999", "+449999999999", "099 9999 9999", "09999 999999", "0999 999 9999", "09999999999"}, Valid: ukPhoneValid}, "",
			texts("mobile: «07700 900123»", "tel «+44 20 7946 0958»"),
			texts("07700 900123", "tel 00700 900123"))),
		offByDefault(kwShapeRow("PHONE_NUMBER", CategoryPersonal, "US and Canadian phone number (Macie's PHONE_NUMBER)",
			kws(phoneKeywords, "phone#", "ph", "ph#", "cell#"),
			&Shape{Patterns: []string{
				"(999) 999-9999", "(999)999-9999", "999-999-9999", "999.999.9999", "999 999 9999",
				"+1 999 999 9999", "+1-999-999-9999", "+1 (999) 999-9999", "+1 999-999-9999", "1-999-999-9999", "+19999999999",
			}, Valid: usPhoneValid}, "",
			texts("phone: «(415) 867-5309»", "cell «+1 212-736-5000»", "tel «312.443.1234»"),
			texts("(415) 867-5309", "phone (415) 555-0134", "phone 015-867-5309", "phone 911-234-5678"))),
	}
}

// spainPhoneValid: Spanish numbers have nine digits starting 6, 7, 8 or 9.
func spainPhoneValid(b []byte) bool {
	return len(b) == 9 && b[0] >= '6'
}

// ukPhoneValid: UK numbers have ten digits after the trunk 0 (or +44),
// starting 1, 2, 3, 7, 8 or 9.
func ukPhoneValid(b []byte) bool {
	if len(b) == 11 && b[0] == '0' {
		b = b[1:]
	}
	return len(b) == 10 && strings.IndexByte("123789", b[0]) >= 0
}

// nameThings are the things whose "name" is no person's (NAME's
// FieldThings): what is sold, counted or filed, organisations and places,
// and the objects of systems and data.
var nameThings = []string{
	"item", "product", "sku", "article", "catalog", "catalogue", "category", "brand", "model",
	"company", "organization", "organisation", "org", "business", "firm", "employer", "merchant",
	"vendor", "supplier", "store", "shop", "bank", "branch", "school", "university", "hospital",
	"clinic", "facility", "venue", "place", "location", "site", "city", "town", "country", "region",
	"state", "province", "county", "district", "street", "file", "folder", "directory", "bucket",
	"table", "column", "field", "schema", "database", "host", "server", "service", "app",
	"application", "device", "project", "team", "department", "dept", "group", "role", "plan",
	"tier", "campaign", "event", "tag", "label", "metric", "queue", "topic", "job", "task", "course",
	"domain", "cluster", "package", "module", "document", "report", "attribute", "property",
	"parameter", "feature", "setting", "resource", "instance", "image", "drug", "medication",
	"procedure", "test", "ingredient", "dish", "menu", "book", "song", "album", "movie", "game",
}

// peopleRows are Macie's machine-learned NAME and ADDRESS as keyword-required
// shapes (people.go). Their default status follows their precision measured
// on the labeled corpus (scanner/accuracy_test.go): on only at 0.9 or more.
func peopleRows() []Spec {
	name := kwShapeRow("NAME", CategoryPersonal, "Full name of a person",
		[]string{
			"name", "full name", "first name", "last name", "surname", "given name", "family name",
			"customer", "customer name", "client name", "patient", "employee", "contact", "contact person",
			"cardholder", "card holder", "holder", "account holder", "beneficiary", "recipient", "addressee",
			"dear", "mr", "mrs", "ms", "dr", "attn", "signed", "nombre", "nom", "nome", "vorname", "nachname",
			"氏名", "名前",
		},
		&Shape{At: nameAt, AtMax: maxNameChars}, "",
		[]Sample{
			{Text: "Customer name: «Anna Müller»"},
			{Text: "Dear «Seán O'Brien», thank you"},
			{Text: "Mr «Kwame Okafor» and Mrs «Mei Tanaka»,"},
			{Text: "contact «José García Fernández» called back"},
			{Field: "full_name", Text: "«Anne-Marie van der Berg»"},
			{Field: "$.customer.name", Text: "«Łukasz Nowak»"},
			{Text: "氏名：«山田太郎»"},
			{Text: "名前: «山田 太郎»"},
			{Text: "Patient «Chloé Lefèvre» was discharged."},
		},
		texts(
			"Anna Müller confirmed the delivery",           // no keyword
			"Dear colleagues at the office of Anna Müller", // keyword beyond 15 characters
			"Contact: Austin Office",
			"Customer name: June Report",
			"contact Victoria Station staff",
			"customer CRM USA",
			"name: anna müller",
			"name: Anna",
			"Customer Success confirmed",
			"customer moved to Calle Mayor 5",
			"contact: Número de la Seguridad Social",
			"name: Model3 Tesla",
			"名前: 本人確認済みの書類",
			"product name: Water Bottle",
			"item_name=Black Tee",
			"companyName: Morgan Stanley",
		))
	name.NegativeSamples = append(name.NegativeSamples,
		Sample{Field: "$.items[].name", Text: "Water Bottle"},
		Sample{Field: "$.order.items[3].name", Text: "Black Tee"},
		Sample{Field: "product_name", Text: "Water Bottle"},
		Sample{Field: "$.company.name", Text: "Morgan Stanley"},
		Sample{Field: "brandName", Text: "Laura Ashley"},
	)
	name.Samples = append(name.Samples,
		Sample{Field: "$.items[].customer_name", Text: "«Anna Müller»"},
		Sample{Field: "$.company.contact.name", Text: "«Anna Müller»"},
		Sample{Field: "company_contact_name", Text: "«Anna Müller»"},
		Sample{Field: "name", Text: "«Anna Müller»"},
		Sample{Text: "product owner name: «Anna Müller»"},
	)
	// "name" is the keyword that finds most names in tables and
	// records, and the one that finds the names of things: what it names
	// is said by the word before it ("product_name", "item name") or, for
	// a key that is "name" alone, by the key above ("$.items[].name").
	name.FieldThings = &FieldThings{Keyword: "name", Things: nameThings}
	address := kwShapeRow("ADDRESS", CategoryPersonal, "Street address",
		[]string{
			// "billing address", "street address" and the like hold
			// these; each keyword more costs the keyword pass of every
			// default scan.
			"address", "addr", "street", "ship to", "adresse", "anschrift", "dirección", "direccion",
			"indirizzo", "endereço", "endereco", "住所",
		},
		&Shape{At: addressAt, AtMax: maxAddressChars, AtValueStart: true, AtDigit: true}, "",
		[]Sample{
			{Text: "Shipping address: «221B Baker Street», London"},
			{Text: "address: «1600 Pennsylvania Ave.» Washington"},
			{Text: "billing address «742 Evergreen Terrace, Apt 4B»"},
			{Text: "ship to «350 W 42nd St Suite 12»"},
			{Field: "street", Text: "«Hauptstraße 12»"},
			{Field: "$.customer.address.street", Text: "«Keizersgracht 123-2»"},
			{Text: "Adresse: «12 rue de Rivoli», Paris"},
			{Text: "adresse «8 Avenue des Ternes»"},
			{Text: "dirección: «Calle Mayor 5», Madrid"},
			{Text: "indirizzo «Via della Spiga, 10»"},
			{Text: "Anschrift: «Alte Schulstraße 5a»"},
			{Text: "Anschrift: «An der Alster 65», Hamburg"},
			{Field: "street", Text: "«Am Hafen 3»"},
		},
		texts(
			"221B Baker Street", // no keyword
			"address: 3 Drive Bays",
			"address 4 Way Splitter",
			"ship to 9 Place Settings",
			"address: 7 Avenue Banners",
			"street: Hauptstraße",
			"address: 12 apples and 3 pears",
			"address 10 Downing",
			"address: 12 Elm Streets",
			"address: 0 Main Street",
			"Adresse: Im Jahr 2020 umgezogen",
			"Adresse: Auf der Seite 12",
			"address: 123456 Main Street",
		))
	// Measured (scanner.TestAccuracyPeople): ADDRESS's precision is 1.00
	// (recall 0.98), and NAME's 1.00 since FieldThings (0.89 before, when
	// an order item's name, "Red Mug" under "$.items[].name", counted as a
	// customer's; recall 0.995).
	// Both are selected by ID only, for their cost: ADDRESS's windows,
	// around every "address" in text and at every value of an address
	// column or field, make a default scan of the bench corpus 13 % slower
	// (CPU 1.08 s against 0.95 s), NAME's, around every "name" and
	// "customer", 30 % (1.31 s against 1.01), below ripgrep's speed per
	// core, the catalogue's target.
	name.OffByDefault = true
	address.OffByDefault = true
	name.Proximity = nameProximity
	address.Proximity = addressProximity
	return []Spec{name, address}
}
