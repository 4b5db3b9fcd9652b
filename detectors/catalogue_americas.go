package detectors

// Latin American and Canadian identifiers Macie added after the first
// catalogue: Argentine DNI, CUIT/CUIL and SUBE card numbers, Colombian
// cédulas and NITs, Mexican RFCs, Brazilian CEP postal codes and Canadian
// permanent resident card numbers. Keywords are Macie's.

// argentinaDNIAt matches an Argentine DNI number at data[p]: seven or
// eight digits, plain or with dots as thousands separators ("30.123.456",
// "7.654.321"). A Spanish DNI has the same digits and a control letter
// ("12345678-Z", "12.345.678 Z"), and both countries use the keyword
// "dni", so a number followed by a letter, directly or after one '-' or
// ' ', is Spain's. All-zero numbers and Macie's documented example
// 99999999 are not reported.
func argentinaDNIAt(data []byte, p int) int {
	n := len(data)
	if p > 0 && (isAlnum(data[p-1]) || (p > 1 && (data[p-1] == '.' || data[p-1] == '-' || data[p-1] == ',') && isDigit(data[p-2]))) {
		return 0
	}
	i := p
	for i < n && isDigit(data[i]) {
		i++
	}
	lead := i - p
	digits := lead
	end := 0
	switch {
	case lead == 7 || lead == 8:
		end = i
	case lead == 1 || lead == 2:
		for g := 0; g < 2; g++ {
			if i+4 > n || data[i] != '.' || !isDigit(data[i+1]) || !isDigit(data[i+2]) || !isDigit(data[i+3]) {
				return 0
			}
			i += 4
			digits += 3
		}
		end = i
	default:
		return 0
	}
	if end < n {
		c := data[end]
		if isAlnum(c) || c >= 0x80 {
			return 0
		}
		if (c == '.' || c == '-' || c == ',' || c == '/') && end+1 < n && isDigit(data[end+1]) {
			return 0
		}
		if (c == '-' || c == ' ') && end+1 < n && isAlpha(data[end+1]) && (end+2 >= n || !isAlnum(data[end+2])) {
			return 0 // a Spanish DNI's control letter
		}
	}
	zero, nines := true, true
	for _, c := range data[p:end] {
		if c != '.' {
			zero = zero && c == '0'
			nines = nines && c == '9'
		}
	}
	if zero || (nines && digits == 8) {
		return 0
	}
	return end
}

// subeValid: a SUBE card number has 16 digits, starts 6061 and passes Luhn
// (Macie's rule).
func subeValid(b []byte) bool {
	return len(b) == 16 && string(b[:4]) == "6061" && luhnValid(b)
}

// cepValid: a CEP's first digit is a postal region (0-9, all used), and no
// CEP is all zeros.
func cepValid(b []byte) bool { return len(b) == 8 && notAllZero(b[:5]) }

var (
	argentinaTaxKeywords = []string{
		"argentina taxpayer id", "clave única de identificación tributaria", "clave unica de identificacion tributaria",
		"cuil", "c.u.i.l", "cuit", "c.u.i.t", "número de identificación fiscal", "numero de identificacion fiscal",
		"número de contribuyente", "numero de contribuyente", "unified labor identification code",
	}
	cuitShape = []string{"99-99999999-9", "99 99999999 9", "99999999999"}

	colombiaNITKeywords = []string{"nit", "nit.", "nit#", "n.i.t.", "número de identificación tributaria", "numero de identificacion tributaria"}

	// mexicoRFCKeywords are Macie's less "iva", "iva#" and "i.v.a.": the
	// keyword pass hashes a word's first bytes on their low five bits, so
	// "iva" let every "Ivanova" (and "i.v.a." every "in ") through to a
	// keyword compare, 4% more candidates and about 4% of the pass's
	// time on BenchmarkKeywordPass's corpus; an invoice that says IVA says
	// RFC too.
	mexicoRFCKeywords = []string{
		"código del registro federal de contribuyentes", "codigo del registro federal de contribuyentes",
		"identificación de impuestos", "identificacion de impuestos", "impuesto al valor agregado",
		"registro federal de contribuyentes", "rfc", "rfc#", "r.f.c.",
	}
	// rfcExamples are the SAT's generic RFCs (general public, foreign
	// residents), which Macie does not report.
	rfcExamples = []string{"XAXX010101000", "XEXX010101000"}
)

func americasRows() []Spec {
	return []Spec{
		kwShapeRow("ARGENTINA_DNI_NUMBER", CategoryPersonal, "Argentine national identity document number (DNI)",
			[]string{"dni", "dni#", "d.n.i.", "documento nacional de identidad"},
			&Shape{At: argentinaDNIAt}, "",
			texts("DNI: «30.123.456»", "documento nacional de identidad «7654321»", "d.n.i. «12345678», domicilio"),
			texts("30.123.456", "DNI 99.999.999", "DNI 00.000.000", "DNI 12345678-Z", "DNI 12.345.678 Z", "DNI 123456", "DNI 30.123.4567")),
		kwShapeRow("ARGENTINA_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER", CategoryPersonal, "Argentine CUIL/CUIT of a person",
			argentinaTaxKeywords,
			&Shape{Patterns: cuitShape, Valid: argentinaIndividualCUIT}, "mod11",
			texts("CUIL: «20-12345678-6»", "cuit «27400370147»"),
			texts("20-12345678-6", "CUIL 20-12345678-5", "CUIT 33-69345023-9")),
		kwShapeRow("ARGENTINA_ORGANIZATION_TAX_IDENTIFICATION_NUMBER", CategoryPersonal, "Argentine CUIT of a company or other legal entity",
			argentinaTaxKeywords,
			&Shape{Patterns: cuitShape, Valid: argentinaOrganizationCUIT}, "mod11",
			texts("CUIT: «33-69345023-9»", "C.U.I.T. «30500010912»"),
			texts("33-69345023-9", "CUIT 33-69345023-8", "CUIT 20-12345678-6")),
		kwShapeRow("ARGENTINA_TARJETA_SUBE", CategoryPersonal, "Argentine SUBE public transport card number",
			[]string{"sistema único de boleto electrónico", "sistema unico de boleto electronico", "sube", "tarjeta sube"},
			&Shape{Patterns: []string{"9999 9999 9999 9999", "9999-9999-9999-9999", "9999999999999999"}, Valid: subeValid}, "luhn",
			texts("SUBE: «6061 2679 5214 5710»", "tarjeta sube «6061-0000-0000-0029»"),
			texts("6061 2679 5214 5710", "SUBE 6061 2679 5214 5711", "SUBE 4526 0181 5908 3012")),
		// Off by default, like the phone numbers: a postal code is a short
		// number that only the keyword tells apart, and a "cep" column
		// would make every value a finding.
		offByDefault(kwShapeRow("BRAZIL_CEP_CODE", CategoryPersonal, "Brazilian postal code (CEP)",
			[]string{"cep", "código de endereçamento postal", "codigo de endereçamento postal", "codigo de enderecamento postal", "código postal", "codigo postal"},
			&Shape{Patterns: []string{"99999-999", "99.999-999", "99999999"}, Valid: cepValid}, "",
			texts("CEP: «01310-100»", "código postal «20040002»"),
			texts("01310-100", "CEP 01310-10", "CEP 00000-000"))),
		kwShapeRow("CANADA_NATIONAL_IDENTIFICATION_NUMBER", CategoryPersonal, "Canadian permanent resident card number",
			[]string{
				"carte résident permanent", "numéro carte résident permanent", "numéro résident permanent", "permanent resident card",
				"permanent resident card number", "permanent resident no", "permanent resident no.", "permanent resident number",
				"pr no", "pr no.", "pr non", "pr number", "résident permanent no.", "résident permanent non",
			},
			// The card's serial number (two letters, seven digits) or the
			// holder's client ID (UCI) printed on it as "ID No.", eight or
			// ten digits grouped 4-4 or 2-4-4.
			&Shape{Patterns: []string{"AA9999999", "AA 9999999", "9999-9999", "99-9999-9999"}, Valid: notAllZero}, "",
			texts("permanent resident card number: «PA0123456»", "carte résident permanent «RA 7654321»", "PR no. «12-3456-7890»"),
			texts("PA0123456", "PR number PA012345", "PR number 0123456789", "PR number 0000-0000")),
		kwShapeRow("COLOMBIA_CITIZENSHIP_CARD_NUMBER", CategoryPersonal, "Colombian citizenship card number (cédula de ciudadanía)",
			[]string{"cédula de ciudadanía", "cedula de ciudadania", "documento de identificación", "documento de identificacion", "c.c."},
			&Shape{Patterns: []string{"9.999.999.999", "99.999.999", "9.999.999", "999.999", "9{6,10}"}, Valid: notAllZero}, "",
			texts("cédula de ciudadanía: «1.020.304.050»", "documento de identificación «79123456»"),
			texts("1.020.304.050", "cédula de ciudadanía 12345", "cédula de ciudadanía 00.000.000")),
		kwShapeRow("COLOMBIA_INDIVIDUAL_NIT_NUMBER", CategoryPersonal, "Colombian NIT of a person",
			colombiaNITKeywords,
			&Shape{Patterns: []string{"9.999.999.999-9", "99.999.999-9", "9.999.999-9", "9{6,10}-9", "9{6,10} 9"}, Valid: colombiaIndividualNIT}, "nit-mod11",
			texts("NIT: «1.020.304.050-8»", "nit «79123456-0»"),
			texts("1.020.304.050-8", "NIT 1.020.304.050-7", "NIT 800.197.268-4")),
		kwShapeRow("COLOMBIA_ORGANIZATION_NIT_NUMBER", CategoryPersonal, "Colombian NIT of a company or other legal entity",
			colombiaNITKeywords,
			&Shape{Patterns: []string{"999.999.999-9", "999999999-9", "999999999 9", "9999999999"}, Valid: colombiaOrganizationNIT}, "nit-mod11",
			texts("NIT: «800.197.268-4»", "N.I.T. «8600343137»"),
			texts("800.197.268-4", "NIT 800.197.268-5", "NIT 1.020.304.050-8")),
		withExamples(kwShapeRow("MEXICO_INDIVIDUAL_RFC_NUMBER", CategoryPersonal, "Mexican RFC of a person",
			mexicoRFCKeywords,
			&Shape{Patterns: []string{"AAAA999999XXX", "AAAA-999999-XXX", "AAAA 999999 XXX"}, Valid: mexicoIndividualRFC}, "rfc-mod11",
			texts("RFC: «GODE561231GR8»", "registro federal de contribuyentes «CACX-760510-1P8»"),
			texts("GODE561231GR8", "RFC GODE561231GR9", "RFC XEXX010101000", "RFC EKU9003173C9")), rfcExamples...),
		withExamples(kwShapeRow("MEXICO_ORGANIZATION_RFC_NUMBER", CategoryPersonal, "Mexican RFC of a company or other legal entity",
			mexicoRFCKeywords,
			&Shape{Patterns: []string{"AAA999999XXX", "AAA-999999-XXX", "AAA 999999 XXX"}, Valid: mexicoOrganizationRFC}, "rfc-mod11",
			texts("RFC: «EKU9003173C9»", "R.F.C. «XIA-190128-J61»"),
			texts("EKU9003173C9", "RFC EKU9003173C8", "RFC GODE561231GR8")), rfcExamples...),
	}
}

// withExamples adds well-known example values that sp never reports.
func withExamples(sp Spec, xs ...string) Spec {
	sh := *sp.Shape
	sh.Examples = append(append([]string(nil), sh.Examples...), xs...)
	sp.Shape = &sh
	return sp
}
