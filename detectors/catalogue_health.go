package detectors

// Health identifiers (Macie's PHI types, category PERSONAL_INFORMATION as
// in Macie): provider, prescriber, beneficiary, claim, drug and procedure
// codes, and national health numbers.

// hicnValid: a HICN is the holder's SSN (valid ranges) and a beneficiary
// identification code starting with a letter.
func hicnValid(b []byte) bool {
	return len(b) >= 10 && ssnValid(b[:9]) && isUpper(b[9])
}

// ndcValid: a National Drug Code has ten digits; the labeler code is not
// all zeros.
func ndcValid(b []byte) bool {
	return len(b) == 10 && string(b[:4]) != "0000"
}

// hcpcsValid: HCPCS Level II codes start with a letter A-V (not D, which
// is the dental code set CDT, nor I, O or W..Z) and four digits.
func hcpcsValid(b []byte) bool {
	return len(b) == 5 && b[0] >= 'A' && b[0] <= 'V' && b[0] != 'D' && b[0] != 'I' && b[0] != 'O'
}

// ontarioHealthValid validates an Ontario health number, with or without
// the two-letter version code printed after it (not part of the number).
func ontarioHealthValid(b []byte) bool {
	if len(b) == 12 {
		b = b[:10]
	}
	return checkCanadaHealthOntario(b)
}

// ehicValid: the personal identification of an EHIC card is 20 digits;
// all-zero or one-digit runs are placeholders.
func ehicValid(b []byte) bool {
	for _, c := range b[1:] {
		if c != b[0] {
			return true
		}
	}
	return false
}

// udiAt matches the device identifier of a unique device identifier at
// data[p], in the two FDA-accredited forms a text can carry: GS1, written
// as application identifiers in parentheses, "(01)" and a GTIN-14 with its
// check digit, then any production identifiers ("(17)261231(10)LOT42");
// or HIBCC, '+' and the primary data structure with its mod-43 check
// character. ICCBBA (ISBT 128, blood products) and GS1 without
// parentheses are not matched: nothing marks where their fields end.
func udiAt(data []byte, p int) int {
	n := len(data)
	end := 0
	switch {
	case p+18 <= n && string(data[p:p+4]) == "(01)":
		if !checkGTIN(data[p+4 : p+18]) {
			return 0
		}
		end = p + 18
		for end < n && data[end] == '(' {
			q := end + 1
			for q < n && isDigit(data[q]) && q-end <= 4 {
				q++
			}
			if q-end < 3 || q >= n || data[q] != ')' {
				break
			}
			q++
			v := q
			for q < n && q-v < 20 && (isAlnum(data[q]) || data[q] == '-' || data[q] == '.' || data[q] == '/') {
				q++
			}
			if q == v {
				break
			}
			end = q
		}
	case data[p] == '+':
		q := p + 1
		for q < n && q-p <= 25 && (isUpper(data[q]) || isDigit(data[q])) {
			q++
		}
		if !checkHIBCC(data[p:q]) {
			return 0
		}
		end = q
	default:
		return 0
	}
	if end < n && isAlnum(data[end]) {
		return 0
	}
	return end
}

func healthRows() []Spec {
	return []Spec{
		kwShapeRow("AUSTRALIA_MEDICARE_NUMBER", CategoryPersonal, "Australian Medicare card number",
			[]string{"medicare", "medicare number", "medicare card", "medicare no", "medicare card number", "irn"},
			&Shape{Patterns: []string{"9999 99999 9", "9999 99999 9-9", "9999 99999 9 9", "99999999999", "9999999999"}, Valid: checkAustraliaMedicare}, "medicare-au",
			texts("Medicare card: «2123 45670 1»", "medicare number «43219876201»"),
			texts("2123 45670 1", "Medicare 2123 45671 1", "Medicare 7123 45670 1")),
		kwShapeRow("CANADA_HEALTH_NUMBER", CategoryPersonal, "Canadian (Ontario) health number",
			[]string{"health card", "health card number", "health number", "ohip", "ontario health", "health insurance number", "numéro d'assurance maladie", "carte santé"},
			&Shape{Patterns: []string{"9999-999-999-AA", "9999 999 999 AA", "9999-999-999", "9999 999 999", "9999999999AA", "9999999999"}, Valid: ontarioHealthValid}, "luhn",
			texts("OHIP: «1234-567-897-AB»", "health card number «9876 543 217»"),
			texts("1234-567-897-AB", "OHIP 1234-567-898-AB", "OHIP 0234-567-890")),
		yieldsTo(kwShapeRow("EUROPEAN_HEALTH_INSURANCE_CARD_NUMBER", CategoryPersonal, "European Health Insurance Card number",
			[]string{"ehic", "european health insurance card", "european health card", "carte européenne d'assurance maladie", "ceam", "tarjeta sanitaria europea", "tse", "europäische krankenversicherungskarte", "tessera sanitaria"},
			&Shape{Patterns: []string{"99999999999999999999", "9999 9999 9999 9999 9999"}, Valid: ehicValid}, "",
			texts("EHIC: «80756000010012345678»", "european health insurance card «8034 0000 0112 3456 7890»"),
			texts("80756000010012345678", "EHIC 00000000000000000000", "EHIC 8075600001001234567")), "FINLAND_EUROPEAN_HEALTH_INSURANCE_NUMBER"),
		// The Finnish card's number: the Finnish issuer prefix 8024680246
		// and ten digits (as DLP vendors document it); Macie's Finnish
		// keywords. The generic EHIC row gives the same value way to it.
		kwShapeRow("FINLAND_EUROPEAN_HEALTH_INSURANCE_NUMBER", CategoryPersonal, "Finnish European Health Insurance Card number",
			[]string{
				"ehic", "ehic#", "finland health insurance card", "finlandehicnumber#", "finska sjukförsäkringskort", "hälsokort",
				"health card", "health card number", "health insurance card", "health insurance number", "sairaanhoitokortin",
				"sairausvakuutuskortti", "sairausvakuutusnumero", "sjukförsäkring nummer", "sjukförsäkringskort",
				"suomen sairausvakuutuskortti", "suomi ehic-numero", "terveyskortti",
			},
			&Shape{Patterns: []string{"8024680246 9999999999", "8024680246-9999999999", "80246802469999999999"}, Valid: ehicValid}, "",
			texts("sairausvakuutuskortti: «8024680246 0012345678»", "EHIC «80246802460098765432»"),
			texts("8024680246 0012345678", "sairausvakuutuskortti 8024680247 0012345678", "EHIC 8024680246 001234567")),
		kwShapeRow("MEDICAL_DEVICE_UDI", CategoryPersonal, "Unique device identifier (UDI) of a medical device",
			[]string{"blood", "blood bag", "dev id", "device id", "device identifier", "gs1", "hibcc", "iccbba", "med", "udi", "unique device id", "unique device identifier"},
			&Shape{At: udiAt}, "gs1-mod10/hibc-mod43",
			texts("UDI: «(01)00643169007222(17)160128(21)BLM00085»", "device identifier «(01)09506000134352»", "HIBCC «+A123BJC5D6E71G»/$$3240630"),
			texts("(01)00643169007222", "UDI (01)00643169007223", "UDI +A123BJC5D6E71H", "UDI (01)0064316900722")),
		kwShapeRow("FRANCE_HEALTH_INSURANCE_NUMBER", CategoryPersonal, "French social security number (NIR, numéro INSEE)",
			[]string{"numéro de sécurité sociale", "numero de securite sociale", "sécurité sociale", "securite sociale", "nir", "numéro insee", "insee", "carte vitale", "n° ss", "numéro d'assuré social"},
			&Shape{Patterns: []string{"9 99 99 XX 999 999 99", "9XXXXXX999999 99", "9XXXXXX99999999"}, Valid: checkFranceINSEE}, "mod97",
			texts("sécurité sociale: «1 85 05 78 006 084 91»", "NIR «269029934173285»"),
			texts("1 85 05 78 006 084 91", "NIR 1 85 05 78 006 084 92", "NIR 5 85 05 78 006 084 91")),
		kwShapeRow("UK_NHS_NUMBER", CategoryPersonal, "UK NHS number",
			[]string{"nhs", "nhs number", "nhs no", "nhs#", "national health service", "national health service number", "health service", "health service number", "nhsnumber"},
			&Shape{Patterns: []string{"999 999 9999", "999-999-9999", "9999999999"}, Valid: checkUKNHS, Examples: []string{"9434765919"}}, "mod11",
			texts("NHS number «943 476 5900»", "NHS: «4857362902»", "National Health Service no. «485 736 2902» transferred."),
			texts("943 476 5900", "NHS 943 476 5901", "NHS 943 476 5919")),
		kwShapeRow("USA_HEALTH_INSURANCE_CLAIM_NUMBER", CategoryPersonal, "US Health Insurance Claim Number (HICN)",
			[]string{"hicn", "health insurance claim number", "medicare claim number", "medicare number", "medicare id", "medicare hicn", "claim number"},
			&Shape{Patterns: []string{"999999999A9", "999999999A", "999-99-9999-A9", "999-99-9999-A", "999-99-9999A", "999 99 9999 A"}, Valid: hicnValid}, "",
			texts("HICN: «536228726A»", "medicare claim number «536-22-8726-B1»"),
			texts("536228726A", "HICN 000228726A", "HICN 5362287261")),
		kwShapeRow("USA_HEALTHCARE_PROCEDURE_CODE", CategoryPersonal, "US Healthcare Common Procedure Coding System code (HCPCS)",
			[]string{"hcpcs", "hcpcs code", "healthcare common procedure", "procedure code", "level ii code", "cpt", "cpt code", "billing code"},
			&Shape{Patterns: []string{"A9999"}, Valid: hcpcsValid}, "",
			texts("HCPCS code «J1100»", "procedure code: «E0601»"),
			texts("J1100", "HCPCS D1110", "HCPCS J110")),
		kwShapeRow("USA_MEDICARE_BENEFICIARY_IDENTIFIER", CategoryPersonal, "US Medicare Beneficiary Identifier (MBI)",
			[]string{"mbi", "medicare beneficiary identifier", "medicare beneficiary id", "medicare beneficiary number", "medicare number", "medicare id", "beneficiary id"},
			&Shape{Patterns: []string{"9XX9-XX9-XX99", "9XX9XX9XX99", "9XX9 XX9 XX99"}, Valid: checkUSMBI, Examples: []string{"1EG4TE5MK73"}}, "",
			texts("MBI: «1EG4-TE5-MK00»", "medicare beneficiary identifier «5QR7WA2JK00»"),
			texts("1EG4TE5MK00", "MBI 1EG4-TE5-MK73", "MBI 1SG4-TE5-MK00", "MBI 0EG4-TE5-MK00")),
		kwShapeRow("USA_NATIONAL_DRUG_CODE", CategoryPersonal, "US National Drug Code (NDC)",
			[]string{"ndc", "national drug code", "ndc code", "ndc#", "drug code", "product ndc"},
			&Shape{Patterns: []string{"9999-9999-99", "99999-999-99", "99999-9999-9", "99999 999 99", "9999999999"}, Valid: ndcValid}, "",
			texts("NDC «0409-4888-02»", "national drug code: «50580-506-02»"),
			texts("0409-4888-02", "NDC 0000-4888-02", "NDC 0409-4888-0")),
		kwShapeRow("USA_NATIONAL_PROVIDER_IDENTIFIER", CategoryPersonal, "US National Provider Identifier (NPI)",
			[]string{"npi", "npi#", "npi number", "national provider", "national provider identifier", "national provider id", "n.p.i", "hipaa", "provider id"},
			&Shape{Patterns: []string{"9999999999"}, Valid: checkUSNPI}, "luhn-80840",
			texts("NPI: «1234567802»", "National Provider Identifier «1987654302» enrolled."),
			texts("1234567802", "NPI 1234567803", "NPI 3234567802")),
		kwShapeRow("US_DRUG_ENFORCEMENT_AGENCY_NUMBER", CategoryPersonal, "US DEA registration number",
			[]string{"dea", "dea#", "dea number", "dea no", "dea registration", "drug enforcement administration", "drug enforcement agency", "dea registration number"},
			&Shape{Patterns: []string{"AX9999999", "AX-9999999"}, Valid: checkUSDEA}, "dea",
			texts("DEA# «AB1234501»", "DEA registration number: «FM9876509»"),
			texts("AB1234501", "DEA AB1234502", "DEA YB1234501")),
	}
}
