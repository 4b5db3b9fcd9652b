package testcorpus

import (
	"strconv"
	"strings"
)

// The national identifiers with a check digit (national_checks.go) and the
// IBANs of Macie's per-country bank account identifiers, planted in free
// text like the further types: each national value in a phrase that puts
// one keyword of its own type (and of no other type) right before it, in
// one of the layouts the rules list; each IBAN, which needs no keyword, in
// the keyword-less IBAN phrases. Their hard negatives are the same shapes
// with the check digit (or the IBAN's check digits, or its length) wrong.

// Types planted by national_values.go.
const (
	TypeAustraliaMedicare = "AUSTRALIA_MEDICARE_NUMBER"
	TypeAustraliaTFN      = "AUSTRALIA_TAX_FILE_NUMBER"
	TypeBrazilCNPJ        = "BRAZIL_CNPJ_NUMBER"
	TypeCanadaHealth      = "CANADA_HEALTH_NUMBER"
	TypeChileRUT          = "CHILE_RUT_NUMBER"
	TypeChinaResidentID   = "CHINA_RESIDENT_ID_NUMBER"
	TypeFranceNIR         = "FRANCE_HEALTH_INSURANCE_NUMBER"
	TypeFranceTaxID       = "FRANCE_TAX_IDENTIFICATION_NUMBER"
	TypeGermanyTaxID      = "GERMANY_TAX_IDENTIFICATION_NUMBER"
	TypeItalyFiscalCode   = "ITALY_NATIONAL_IDENTIFICATION_NUMBER"
	TypeKoreaRRN          = "KOREA_RESIDENT_REGISTRATION_NUMBER"
	TypeMexicoCURP        = "MEXICO_CURP_NUMBER"
	TypeNetherlandsBSN    = "NETHERLANDS_BSN_NUMBER"
	TypePolandPESEL       = "POLAND_PESEL_NUMBER"
	TypeSingaporeNRIC     = "SINGAPORE_NRIC_NUMBER"
	TypeSpainDrivers      = "SPAIN_DRIVERS_LICENSE"
	TypeSpainNIE          = "SPAIN_NIE_NUMBER"
	TypeSpainNIF          = "SPAIN_NIF_NUMBER"
	TypeSpainSSN          = "SPAIN_SOCIAL_SECURITY_NUMBER"
	TypeSwedenPNR         = "SWEDEN_PERSONNUMMER"
	TypeUSABA             = "USA_ABA_ROUTING_NUMBER"
	TypeUSDEA             = "US_DRUG_ENFORCEMENT_AGENCY_NUMBER"
	TypeArgentinaCUIT     = "ARGENTINA_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER"
	TypeArgentinaCUITOrg  = "ARGENTINA_ORGANIZATION_TAX_IDENTIFICATION_NUMBER"
	TypeColombiaNIT       = "COLOMBIA_INDIVIDUAL_NIT_NUMBER"
	TypeColombiaNITOrg    = "COLOMBIA_ORGANIZATION_NIT_NUMBER"
	TypeFinlandDrivers    = "FINLAND_DRIVERS_LICENSE"
	TypeFranceNationalID  = "FRANCE_NATIONAL_IDENTIFICATION_NUMBER"
	TypeMexicoRFC         = "MEXICO_INDIVIDUAL_RFC_NUMBER"
	TypeMexicoRFCOrg      = "MEXICO_ORGANIZATION_RFC_NUMBER"
	TypeSpainTIN          = "SPAIN_TAX_IDENTIFICATION_NUMBER"
	TypeSwedenDrivers     = "SWEDEN_DRIVERS_LICENSE"
	TypeArgentinaSUBE     = "ARGENTINA_TARJETA_SUBE"
	TypeMedicalDeviceUDI  = "MEDICAL_DEVICE_UDI"

	// Without a check digit: the shape and range rules decide.
	TypeIndiaPAN      = "INDIA_PERMANENT_ACCOUNT_NUMBER"
	TypeUSMBI         = "USA_MEDICARE_BENEFICIARY_IDENTIFIER"
	TypeUSITIN        = "USA_INDIVIDUAL_TAX_IDENTIFICATION_NUMBER"
	TypeUSNDC         = "USA_NATIONAL_DRUG_CODE"
	TypeUKUTR         = "UK_TAX_IDENTIFICATION_NUMBER"
	TypeGermanyIDCard = "GERMANY_NATIONAL_IDENTIFICATION_NUMBER"
	TypeUSHICN        = "USA_HEALTH_INSURANCE_CLAIM_NUMBER"
	TypeEHIC          = "EUROPEAN_HEALTH_INSURANCE_CARD_NUMBER"
	TypeBrazilRG      = "BRAZIL_RG_NUMBER"
	TypeGermanyPass   = "GERMANY_PASSPORT_NUMBER"
	TypeUSHCPCS       = "USA_HEALTHCARE_PROCEDURE_CODE"
)

// NegOutOfRule is the kind of the hard negative of a type without a check
// digit: its shape and keyword, one of its range or letter rules broken
// (a PAN's holder-type letter, an ITIN's group, an MBI's excluded letter,
// an NDC labeler of 0000, a vowel in a German ID card number). The manifest names it "<type in lower case>_out_of_rule".
func NegOutOfRule(typ string) string { return strings.ToLower(typ) + "_out_of_rule" }

// NegBadCheckDigit is the kind of a national identifier's hard negative:
// its type's shape and keyword, the check digit wrong. The manifest names
// it "<type in lower case>_bad_check_digit".
func NegBadCheckDigit(typ string) string { return strings.ToLower(typ) + "_bad_check_digit" }

// Kinds of the per-country IBANs' hard negatives.
const (
	NegCountryIBANBadChecksum = "country_iban_bad_checksum" // the registry's structure, ISO 7064 check digits wrong
	NegCountryIBANWrongLength = "country_iban_wrong_length" // mod-97 valid, one character too many or too few
)

// natSpec is one national identifier: its keyword list (the reference
// reading's, as the rules give it), the phrases it is planted in, its
// layouts ('9' a digit, 'A' an upper-case letter, 'X' either, anything
// else itself), its validator over the compact value, a generator of
// compact valid values, and where its check character is (counted from
// the end, 1 the last) with the characters it may take. A type that
// yields to others is not reported where one of them is, on the same value
// (the rules' more specific keyword wins).
type natSpec struct {
	typ      string
	yieldsTo []string
	keywords []string
	phrases  []phrase
	layouts  []string
	valid    func(string) bool
	gen      func(r *rng) string
	checkPos int
	checkSet string
	// luhnRun: the value is a Luhn-valid run of 16 digits on purpose (a
	// SUBE card), so only issuer-prefixed card numbers are ruled out.
	luhnRun bool
	// bad, for a type without a check digit, generates its compact hard
	// negatives (NegOutOfRule) in place of a wrong check character.
	bad func(r *rng) string
}

const digitSet = "0123456789"

var natSpecs = []natSpec{
	{typ: TypeAustraliaMedicare,
		keywords: []string{"medicare", "medicare number", "medicare card", "medicare no", "medicare card number", "irn"},
		phrases:  []phrase{{"Medicare no. ", " on file."}, {"Medicare number: ", ""}},
		layouts:  []string{"9999 99999 9", "9999999999"},
		valid:    medicareAUValid, gen: genMedicareAU, checkPos: 2, checkSet: digitSet},
	{typ: TypeAustraliaTFN,
		keywords: []string{"tfn", "tax file number", "tax file no", "tfn#", "australian tax file number"},
		phrases:  []phrase{{"TFN ", " lodged."}, {"Tax file number: ", ""}},
		layouts:  []string{"999 999 999", "999999999", "999-999-999"},
		valid:    tfnValid, gen: genTFN, checkPos: 1, checkSet: digitSet},
	{typ: TypeBrazilCNPJ,
		keywords: []string{"cnpj", "cnpj/mf", "cnpj#", "cadastro nacional da pessoa jurídica", "número do cnpj"},
		phrases:  []phrase{{"CNPJ ", " ativo."}, {"CNPJ: ", ""}},
		layouts:  []string{"99.999.999/9999-99", "99999999999999"},
		valid:    cnpjValid, gen: genCNPJ, checkPos: 1, checkSet: digitSet},
	{typ: TypeCanadaHealth,
		keywords: []string{"health card", "health card number", "health number", "ohip", "ontario health", "health insurance number", "numéro d'assurance maladie", "carte santé"},
		phrases:  []phrase{{"OHIP ", " renewed."}, {"Ontario health number: ", ""}},
		layouts:  []string{"9999-999-999", "9999 999 999", "9999999999"},
		valid:    ontarioHealthValid, gen: genOntarioHealth, checkPos: 1, checkSet: digitSet},
	{typ: TypeChileRUT,
		keywords: []string{"rut", "run", "rol único tributario", "rol unico tributario", "rol único nacional", "rut nº"},
		phrases:  []phrase{{"RUT ", " vigente."}, {"RUT: ", ""}},
		layouts:  []string{"99.999.999-X", "9.999.999-X", "99999999-X", "9999999-X"},
		valid:    rutValid, gen: genRUT, checkPos: 1, checkSet: digitSet + "K"},
	{typ: TypeChinaResidentID,
		keywords: []string{"身份证", "身份证号", "身份证号码", "居民身份证", "公民身份号码", "resident identity card", "chinese id", "china id", "id card number"},
		phrases:  []phrase{{"身份证号码: ", ""}, {"居民身份证 ", " 已核实。"}},
		layouts:  []string{"99999999999999999X", "999999 99999999 999X"},
		valid:    chinaRIValid, gen: genChinaRI, checkPos: 1, checkSet: digitSet + "X"},
	{typ: TypeFranceNIR,
		keywords: []string{"numéro de sécurité sociale", "numero de securite sociale", "sécurité sociale", "securite sociale", "nir", "numéro insee", "insee", "carte vitale", "n° ss", "numéro d'assuré social"},
		phrases:  []phrase{{"NIR ", " enregistré."}, {"Numéro de sécurité sociale : ", ""}},
		layouts:  []string{"9 99 99 99 999 999 99", "999999999999999"},
		valid:    inseeValid, gen: genNIR, checkPos: 1, checkSet: digitSet},
	{typ: TypeFranceTaxID,
		keywords: []string{"numéro fiscal", "numero fiscal", "numéro spi", "numéro d'identification fiscale", "identifiant fiscal", "référence fiscale", "tax identification number"},
		phrases:  []phrase{{"Numéro fiscal ", " transmis."}, {"numéro fiscal : ", ""}},
		layouts:  []string{"9999999999999", "99 99 999 999 999"},
		valid:    franceSPIValid, gen: genFranceSPI, checkPos: 1, checkSet: digitSet},
	{typ: TypeGermanyTaxID,
		keywords: []string{"steuer-id", "steuerid", "steueridentifikationsnummer", "steuerliche identifikationsnummer", "identifikationsnummer", "idnr", "id-nr", "steuer-idnr", "tax id", "tin"},
		phrases:  []phrase{{"Steuer-ID ", " gemeldet."}, {"Steueridentifikationsnummer: ", ""}},
		layouts:  []string{"99999999999", "99 999 999 999"},
		valid:    steuerIDValid, gen: genSteuerID, checkPos: 1, checkSet: digitSet},
	{typ: TypeItalyFiscalCode,
		keywords: []string{"codice fiscale", "cod. fisc.", "cod fisc", "c.f.", "cf", "tax code", "codice fiscale personale", "tessera sanitaria"},
		phrases:  []phrase{{"Codice fiscale ", " registrato."}, {"codice fiscale: ", ""}},
		layouts:  []string{"AAAAAA99A99A999A"},
		valid:    codiceFiscaleValid, gen: genCodiceFiscale, checkPos: 1, checkSet: "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
	{typ: TypeKoreaRRN,
		keywords: []string{"주민등록번호", "주민번호", "주민등록", "resident registration number", "rrn", "korean rrn"},
		phrases:  []phrase{{"주민등록번호: ", ""}, {"주민등록번호 ", " 확인 완료."}},
		layouts:  []string{"999999-9999999", "9999999999999"},
		valid:    rrnValid, gen: genRRN, checkPos: 1, checkSet: digitSet},
	{typ: TypeMexicoCURP,
		keywords: []string{"curp", "clave única de registro de población", "clave unica de registro de poblacion", "clave curp"},
		phrases:  []phrase{{"CURP ", " validada."}, {"CURP: ", ""}},
		layouts:  []string{"AAAA999999AAAAAAX9"},
		valid:    curpValid, gen: genCURP, checkPos: 1, checkSet: digitSet},
	{typ: TypeNetherlandsBSN,
		keywords: []string{"bsn", "burgerservicenummer", "sofinummer", "sofi-nummer", "persoonsnummer", "citizen service number", "bsn-nummer"},
		phrases:  []phrase{{"BSN ", " gecontroleerd."}, {"Burgerservicenummer: ", ""}},
		layouts:  []string{"999999999", "9999.99.999", "999 999 999"},
		valid:    bsnValid, gen: genBSN, checkPos: 1, checkSet: digitSet},
	{typ: TypePolandPESEL,
		keywords: []string{"pesel", "numer pesel", "nr pesel", "pesel nr", "powszechny elektroniczny system ewidencji ludności"},
		phrases:  []phrase{{"PESEL ", " zweryfikowany."}, {"numer PESEL: ", ""}},
		layouts:  []string{"99999999999"},
		valid:    peselValid, gen: genPESEL, checkPos: 1, checkSet: digitSet},
	{typ: TypeSingaporeNRIC,
		keywords: []string{"nric", "nric no", "nric number", "fin", "fin no", "identity card number", "ic number", "singapore ic"},
		phrases:  []phrase{{"NRIC ", " verified."}, {"NRIC number: ", ""}},
		layouts:  []string{"A9999999A"},
		valid:    nricValid, gen: genNRIC, checkPos: 1, checkSet: "ABCDEFGHIJKLMNPQRTUWXZ"},
	{typ: TypeSpainDrivers,
		keywords: concat(dlKeywordsAllRef, []string{"permiso de conducir", "carnet de conducir", "licencia de conducir", "carné de conducir"}),
		phrases:  []phrase{{"Permiso de conducir ", " renovado."}, {"carnet de conducir: ", ""}},
		layouts:  []string{"99999999A", "99999999-A"},
		valid:    func(s string) bool { return len(s) == 9 && dniValid(s[:8], s[8]) }, gen: genDNICompact, checkPos: 1, checkSet: dniLetters},
	{typ: TypeSpainNIE,
		keywords: []string{"nie", "n.i.e.", "número de identidad de extranjero", "número de identificación de extranjero", "numero de extranjero", "nie nº"},
		phrases:  []phrase{{"NIE ", " verificado."}, {"NIE: ", ""}},
		layouts:  []string{"A9999999A", "A-9999999-A"},
		valid:    nieValid, gen: genNIE, checkPos: 1, checkSet: dniLetters},
	{typ: TypeSpainNIF,
		keywords: []string{"nif", "cif", "n.i.f.", "c.i.f.", "número de identificación fiscal", "código de identificación fiscal", "nif nº"},
		phrases:  []phrase{{"CIF ", " de la empresa."}, {"CIF: ", ""}},
		layouts:  []string{"A9999999X", "A-9999999-X"},
		valid:    cifValid, gen: genCIF, checkPos: 1, checkSet: digitSet + "ABCDEFGHIJ"},
	{typ: TypeSpainSSN,
		keywords: []string{"número de la seguridad social", "numero de la seguridad social", "seguridad social", "número de afiliación", "nss", "naf"},
		phrases:  []phrase{{"NSS ", " de alta."}, {"Número de la Seguridad Social: ", ""}},
		layouts:  []string{"999999999999", "99/99999999/99", "99 99999999 99"},
		valid:    spainSSValid, gen: genSpainSS, checkPos: 1, checkSet: digitSet},
	{typ: TypeSwedenPNR,
		keywords: []string{"personnummer", "personnr", "person nummer", "samordningsnummer", "personal identity number", "pnr"},
		phrases:  []phrase{{"Personnummer ", " registrerat."}, {"personnummer: ", ""}},
		layouts:  []string{"999999-9999", "99999999-9999"},
		valid:    personnummerValid, gen: genPersonnummer, checkPos: 1, checkSet: digitSet},
	{typ: TypeUSABA,
		keywords: []string{"routing number", "routing no", "routing#", "aba", "aba number", "aba routing", "routing transit number", "rtn", "transit number"},
		phrases:  []phrase{{"Routing number ", " on the cheque."}, {"ABA routing: ", ""}},
		layouts:  []string{"999999999", "9999-9999-9"},
		valid:    abaValid, gen: genABA, checkPos: 1, checkSet: digitSet},
	{typ: TypeUSDEA,
		keywords: []string{"dea", "dea#", "dea number", "dea no", "dea registration", "drug enforcement administration", "drug enforcement agency", "dea registration number"},
		phrases:  []phrase{{"DEA number ", " renewed."}, {"DEA# ", ""}},
		layouts:  []string{"AA9999999", "AA-9999999"},
		valid:    deaValid, gen: genDEA, checkPos: 1, checkSet: digitSet},
	{typ: TypeArgentinaCUIT,
		keywords: argentinaTaxKeywords,
		phrases:  []phrase{{"CUIL ", " registrado."}, {"CUIL: ", ""}},
		layouts:  []string{"99-99999999-9", "99999999999"},
		valid:    cuitPersonValid, gen: func(r *rng) string { return genCUIT(r, "20", "27", "23", "24") }, checkPos: 1, checkSet: digitSet},
	{typ: TypeArgentinaCUITOrg,
		keywords: argentinaTaxKeywords,
		phrases:  []phrase{{"CUIT ", " de la empresa."}, {"CUIT: ", ""}},
		layouts:  []string{"99-99999999-9", "99999999999"},
		valid:    cuitEntityValid, gen: func(r *rng) string { return genCUIT(r, cuitEntityTypes...) }, checkPos: 1, checkSet: digitSet},
	{typ: TypeColombiaNIT,
		keywords: colombiaNITKeywords,
		phrases:  []phrase{{"NIT ", " actualizado."}, {"NIT: ", ""}},
		layouts:  []string{"99.999.999-9", "99999999-9", "9.999.999-9", "9999999-9", "9999999999-9"},
		valid:    nitPersonValid, gen: genNITPerson, checkPos: 1, checkSet: digitSet},
	{typ: TypeColombiaNITOrg,
		keywords: colombiaNITKeywords,
		phrases:  []phrase{{"NIT de la empresa: ", ""}, {"NIT ", " vigente."}},
		layouts:  []string{"999.999.999-9", "999999999-9"},
		valid:    nitEntityValid, gen: genNITEntity, checkPos: 1, checkSet: digitSet},
	{typ: TypeFinlandDrivers, yieldsTo: []string{TypeSwedenDrivers},
		keywords: []string{"ajokortin numero", "ajokortti", "förare lic.", "körkort", "körkort nummer", "kuljettaja lic.", "permis de conduire"},
		phrases:  []phrase{{"Ajokortti ", " voimassa."}, {"ajokortti: ", ""}},
		layouts:  []string{"999999-999X", "999999A999X"},
		valid:    hetuValid, gen: genHETU, checkPos: 1, checkSet: hetuChars},
	{typ: TypeFranceNationalID, yieldsTo: []string{TypeFranceNIR},
		keywords: []string{"assurance sociale", "carte nationale d'identité", "carte nationale d’identité", "cni", "code sécurité sociale",
			"french social security number", "fssn#", "insee", "insurance number", "national id number", "nationalid#",
			"numéro d'assurance", "sécurité sociale", "sécurité sociale non.", "sécurité sociale numéro",
			"social security", "social security number", "socialsecuritynumber"},
		phrases: []phrase{{"CNI ", " vérifiée."}, {"Carte nationale d'identité : ", ""}},
		layouts: []string{"9 99 99 99 999 999 99", "999999999999999"},
		valid:   inseeValid, gen: genNIR, checkPos: 1, checkSet: digitSet},
	{typ: TypeMexicoRFC,
		keywords: mexicoRFCKeywords,
		phrases:  []phrase{{"RFC ", " vigente."}, {"RFC: ", ""}},
		layouts:  []string{"AAAA999999XXX", "AAAA-999999-XXX"},
		valid:    rfcPersonValid, gen: func(r *rng) string { return genRFC(r, 4) }, checkPos: 1, checkSet: digitSet + "A"},
	{typ: TypeMexicoRFCOrg,
		keywords: mexicoRFCKeywords,
		phrases:  []phrase{{"RFC de la empresa: ", ""}, {"R.F.C. ", " actualizado."}},
		layouts:  []string{"AAA999999XXX", "AAA-999999-XXX"},
		valid:    rfcEntityValid, gen: func(r *rng) string { return genRFC(r, 3) }, checkPos: 1, checkSet: digitSet + "A"},
	{typ: TypeSpainTIN,
		keywords: []string{"cif", "cif número", "cifnúmero#", "nie", "nif", "número de contribuyente", "numero de contribuyente",
			"número de identidad de extranjero", "número de identificación fiscal", "numero de identificacion fiscal",
			"número de impuesto corporativo", "personal tax number", "tax id", "tax identification number", "tax number", "tin", "tin#"},
		phrases: []phrase{{"Personal tax number ", " on the payslip."}, {"personal tax number: ", ""}},
		layouts: []string{"99999999A", "99999999-A", "A9999999A", "A-9999999-A"},
		valid:   spainTINValid, gen: genSpainTIN, checkPos: 1, checkSet: dniLetters},
	{typ: TypeSwedenDrivers,
		keywords: []string{"ajokortin numero", "dlno# ajokortti", "drivere lic.", "förare lic.", "körkort", "körkort nummer", "körkortsnummer", "kuljettajat lic.", "korkort"},
		phrases:  []phrase{{"Korkort ", " giltigt."}, {"korkort: ", ""}},
		layouts:  []string{"999999-9999", "99999999-9999"},
		valid:    personnummerValid, gen: genPersonnummer, checkPos: 1, checkSet: digitSet},
	{typ: TypeArgentinaSUBE, luhnRun: true,
		keywords: []string{"sistema único de boleto electrónico", "sistema unico de boleto electronico", "sube", "tarjeta sube"},
		phrases:  []phrase{{"Tarjeta SUBE ", " recargada."}, {"SUBE: ", ""}},
		layouts:  []string{"9999 9999 9999 9999", "9999-9999-9999-9999", "9999999999999999"},
		valid:    subeValid, gen: genSUBE, checkPos: 1, checkSet: digitSet},
	// Only the GS1 form with its device identifier: "(01)" and a GTIN-14.
	{typ: TypeMedicalDeviceUDI,
		keywords: []string{"blood", "blood bag", "dev id", "device id", "device identifier", "gs1", "hibcc", "iccbba", "med", "udi", "unique device id", "unique device identifier"},
		phrases:  []phrase{{"UDI ", " scanned at intake."}, {"Unique device identifier: ", ""}},
		layouts:  []string{"(01)99999999999999"},
		valid:    gtinValid, gen: genGTIN, checkPos: 1, checkSet: digitSet},
	{typ: TypeIndiaPAN,
		keywords: []string{"permanent account number", "pan card", "pan no", "pan number", "income tax pan", "pan"},
		// Not "permanent account number": "account number" is a bank
		// account keyword, and any 9-17 digits near it are one.
		phrases: []phrase{{"PAN number ", " linked."}, {"PAN no. ", ""}},
		layouts: []string{"AAAAA9999A"},
		valid:   panValid, gen: func(r *rng) string { return genPAN(r, panHolderTypes) }, bad: func(r *rng) string { return genPAN(r, "DEIKMNOQRSUVWXYZ") }},
	{typ: TypeUSMBI,
		keywords: []string{"mbi", "medicare beneficiary identifier", "medicare beneficiary id", "medicare beneficiary number", "medicare number", "medicare id", "beneficiary id"},
		phrases:  []phrase{{"MBI ", " on the claim."}, {"Medicare beneficiary identifier: ", ""}},
		layouts:  []string{"9AX9-AX9-AA99", "9AX9AX9AA99"},
		valid:    mbiValid, gen: genMBI, bad: genBadMBI},
	{typ: TypeUSITIN,
		keywords: []string{"itin", "itin#", "individual taxpayer identification number", "taxpayer identification number", "tax id", "taxpayer id"},
		phrases:  []phrase{{"ITIN ", " on the W-7."}, {"ITIN: ", ""}},
		layouts:  []string{"999-99-9999", "999 99 9999"},
		valid:    itinValid, gen: func(r *rng) string { return genITIN(r, true) }, bad: func(r *rng) string { return genITIN(r, false) }},
	{typ: TypeUSNDC,
		keywords: []string{"ndc", "national drug code", "ndc code", "ndc#", "drug code", "product ndc"},
		phrases:  []phrase{{"NDC ", " dispensed."}, {"National drug code: ", ""}},
		layouts:  []string{"9999-9999-99", "99999-999-99", "99999-9999-9"},
		valid:    ndcValid, gen: func(r *rng) string { return genNDC(r, true) }, bad: func(r *rng) string { return genNDC(r, false) }},
	{typ: TypeGermanyIDCard,
		keywords: []string{"personalausweis", "personalausweisnummer", "ausweisnummer", "ausweis", "ausweis-nr", "id card number", "identity card"},
		phrases:  []phrase{{"Ausweisnummer ", " geprüft."}, {"Personalausweis: ", ""}},
		layouts:  []string{"AXXXXXXXX"},
		valid:    germanIDValid, gen: func(r *rng) string { return genGermanID(r, false) }, bad: func(r *rng) string { return genGermanID(r, true) }},
	{typ: TypeUSHICN,
		keywords: []string{"hicn", "health insurance claim number", "medicare claim number", "medicare number", "medicare id", "medicare hicn", "claim number"},
		phrases:  []phrase{{"HICN ", " on the remittance."}, {"HICN: ", ""}},
		layouts:  []string{"999999999A", "999999999A9", "999-99-9999-A"},
		valid:    hicnValid, gen: func(r *rng) string { return genHICN(r, true) }, bad: func(r *rng) string { return genHICN(r, false) }},
	{typ: TypeEHIC,
		keywords: []string{"ehic", "european health insurance card", "european health card", "carte européenne d'assurance maladie", "ceam", "tarjeta sanitaria europea", "tse", "europäische krankenversicherungskarte", "tessera sanitaria"},
		phrases:  []phrase{{"EHIC ", " valid abroad."}, {"EHIC no. ", ""}},
		layouts:  []string{"99999999999999999999", "9999 9999 9999 9999 9999"},
		valid:    func(d string) bool { return len(d) == 20 && allDigits(d) && strings.Count(d, d[:1]) != 20 },
		gen:      func(r *rng) string { return "80" + string(r.digits(nil, 18)) },
		bad:      func(r *rng) string { return "80" + string(r.digits(nil, 17)) }},
	{typ: TypeBrazilRG,
		keywords: []string{"rg", "rg nº", "registro geral", "carteira de identidade", "cédula de identidade", "número do rg"},
		phrases:  []phrase{{"RG ", " emitido em SP."}, {"Carteira de identidade: ", ""}},
		layouts:  []string{"99.999.999-X", "99999999X"},
		valid:    func(s string) bool { return len(s) == 9 && allDigits(s[:8]) && (isDigit(s[8]) || s[8] == 'X') },
		gen: func(r *rng) string {
			return string(r.digits([]byte{byte('1' + r.intn(9))}, 7)) + string("0123456789X"[r.intn(11)])
		},
		bad: func(r *rng) string { return string(r.digits([]byte{byte('1' + r.intn(9))}, 9)) }},
	{typ: TypeGermanyPass,
		keywords: []string{"reisepass", "reisepassnummer", "passnummer", "pass-nr", "pass nr", "german passport"},
		phrases:  []phrase{{"Reisepass ", " verlängert."}, {"Reisepassnummer: ", ""}},
		layouts:  []string{"AXXXXXXXX"},
		valid:    germanIDValid, gen: func(r *rng) string { return genGermanID(r, false) }, bad: func(r *rng) string { return genGermanID(r, true) }},
	// HCPCS Level II sections in use; the negatives take W-Z, which no
	// section does (D, the dental codes, is left out either way).
	{typ: TypeUSHCPCS,
		keywords: []string{"hcpcs", "hcpcs code", "healthcare common procedure", "procedure code", "level ii code", "cpt", "cpt code", "billing code"},
		phrases:  []phrase{{"HCPCS code ", " billed."}, {"HCPCS: ", ""}},
		layouts:  []string{"A9999"},
		valid: func(s string) bool {
			return len(s) == 5 && contains("ABCEGHJKLMPQRSTUV", s[0]) && allDigits(s[1:])
		},
		gen: func(r *rng) string { return string(r.digits([]byte{"ABCEGHJKLMPQRSTV"[r.intn(16)]}, 4)) },
		bad: func(r *rng) string { return string(r.digits([]byte{"WXYZ"[r.intn(4)]}, 4)) }},
}

// Keyword lists the rules share between two types each.
var (
	argentinaTaxKeywords = []string{
		"argentina taxpayer id", "clave única de identificación tributaria", "clave unica de identificacion tributaria",
		"cuil", "c.u.i.l", "cuit", "c.u.i.t", "número de identificación fiscal", "numero de identificacion fiscal",
		"número de contribuyente", "numero de contribuyente", "unified labor identification code",
	}
	colombiaNITKeywords = []string{"nit", "nit.", "nit#", "n.i.t.", "número de identificación tributaria", "numero de identificacion tributaria"}
	mexicoRFCKeywords   = []string{
		"código del registro federal de contribuyentes", "codigo del registro federal de contribuyentes",
		"identificación de impuestos", "identificacion de impuestos", "impuesto al valor agregado",
		"iva", "iva#", "i.v.a.", "registro federal de contribuyentes", "rfc", "rfc#", "r.f.c.",
	}
)

// dlKeywordsAllRef are the driver's licence keywords the rules share
// between countries.
var dlKeywordsAllRef = []string{
	"driver's license", "drivers license", "driver license", "driving license", "dl#", "dl no",
	"dl number", "dln", "license number", "drivers lic", "driver's lic",
	"driver's licence", "drivers licence", "driver licence", "driving licence", "licence number", "licence no",
}

// layoutClass reports whether c may stand at a layout's class character l.
func layoutClass(l, c byte) bool {
	switch l {
	case '9':
		return isDigit(c)
	case 'A':
		return isUpper(c)
	case 'X':
		return isDigit(c) || isUpper(c)
	}
	return false
}

func isClass(l byte) bool { return l == '9' || l == 'A' || l == 'X' }

// layoutSize is how many characters of the compact value layout takes.
func layoutSize(layout string) int {
	n := 0
	for i := 0; i < len(layout); i++ {
		if isClass(layout[i]) {
			n++
		}
	}
	return n
}

// applyLayout writes compact in layout, or returns "" when it does not fit.
func applyLayout(compact, layout string) string {
	if layoutSize(layout) != len(compact) {
		return ""
	}
	b := make([]byte, 0, len(layout))
	k := 0
	for i := 0; i < len(layout); i++ {
		if !isClass(layout[i]) {
			b = append(b, layout[i])
			continue
		}
		if !layoutClass(layout[i], compact[k]) {
			return ""
		}
		b = append(b, compact[k])
		k++
	}
	return string(b)
}

// formatNational writes compact in one of spec's layouts that fit it.
func formatNational(r *rng, spec *natSpec, compact string) string {
	var fits []string
	for _, l := range spec.layouts {
		if f := applyLayout(compact, l); f != "" {
			fits = append(fits, f)
		}
	}
	if len(fits) == 0 {
		panic("testcorpus: no layout of " + spec.typ + " fits a generated value")
	}
	return pick(r, fits)
}

// formatBad writes a hard negative in one of spec's layouts that fit it,
// or as it is when none does.
func formatBad(r *rng, spec *natSpec, compact string) string {
	var fits []string
	for _, l := range spec.layouts {
		if f := applyLayout(compact, l); f != "" {
			fits = append(fits, f)
		}
	}
	if len(fits) == 0 {
		return compact
	}
	return pick(r, fits)
}

// nationalSafe redraws until no digit run or grouping of the value could
// be read as a card number or as one of the further types' numbers (a
// 13-digit SPI may pass the Japanese corporate number check), and no
// group of letters in it is a keyword (an IBAN's group "CARD").
func nationalSafe(gen func(r *rng) string) func(r *rng) string {
	return safe(func(r *rng) string {
		for {
			if v := gen(r); furtherNumbersSafe(asciiDigits(v)) && !hasKeyword(v, allKeywords) {
				return v
			}
		}
	})
}

// cardShapedSafe is nationalSafe for values that are a Luhn-valid digit
// run by definition: no run or grouping in them may carry a card issuer's
// prefix and pass Luhn (the SUBE prefix 6061 is no issuer's).
func cardShapedSafe(gen func(r *rng) string) func(r *rng) string {
	return func(r *rng) string {
		for {
			v := gen(r)
			if a := asciiDigits(v); numbersSafe(a) && furtherNumbersSafe(a) && !hasKeyword(v, allKeywords) {
				return v
			}
		}
	}
}

// badCheck returns a compact value of spec with its check character
// replaced by another that makes it invalid.
func (spec *natSpec) badCheck(r *rng) string {
	for {
		v := []byte(spec.gen(r))
		i := len(v) - spec.checkPos
		c := spec.checkSet[r.intn(len(spec.checkSet))]
		if c == v[i] {
			continue
		}
		v[i] = c
		if !spec.valid(string(v)) {
			return string(v)
		}
	}
}

// nationalIDSpecs turns natSpecs into idSpecs.
func nationalIDSpecs() []idSpec {
	out := make([]idSpec, 0, len(natSpecs))
	for i := range natSpecs {
		spec := &natSpecs[i]
		wrap := nationalSafe
		if spec.luhnRun {
			wrap = cardShapedSafe
		}
		if spec.bad != nil {
			out = append(out, idSpec{
				typ: spec.typ, phrases: spec.phrases,
				gen:  wrap(func(r *rng) string { return formatNational(r, spec, spec.gen(r)) }),
				negs: []idNeg{{NegOutOfRule(spec.typ), false, wrap(func(r *rng) string { return formatBad(r, spec, spec.bad(r)) })}},
			})
			continue
		}
		out = append(out, idSpec{
			typ: spec.typ, phrases: spec.phrases, cardShaped: spec.luhnRun,
			gen: wrap(func(r *rng) string { return formatNational(r, spec, spec.gen(r)) }),
			negs: []idNeg{{NegBadCheckDigit(spec.typ), false,
				wrap(func(r *rng) string { return formatNational(r, spec, spec.badCheck(r)) })}},
		})
	}
	return out
}

// --- generators of compact valid values ---

func genMedicareAU(r *rng) string {
	b := r.digits([]byte{byte('2' + r.intn(5))}, 7)
	c := weightedSum(string(b), []int{1, 3, 7, 9, 1, 3, 7, 9}) % 10
	return string(append(b, byte('0'+c), byte('1'+r.intn(9))))
}

func genTFN(r *rng) string {
	for {
		if d := string(r.digits([]byte{byte('1' + r.intn(9))}, 8)); tfnValid(d) {
			return d
		}
	}
}

func genCNPJ(r *rng) string {
	body := string(r.digits([]byte{byte('1' + r.intn(9))}, 7))
	if r.intn(3) == 0 {
		body += pad(r.between(2, 40), 4)
	} else {
		body += "0001"
	}
	a, b := cnpjCheckDigits(body)
	return body + string([]byte{a, b})
}

func genOntarioHealth(r *rng) string {
	b := r.digits([]byte{byte('1' + r.intn(9))}, 8)
	return string(append(b, luhnCheckDigit(string(b))))
}

func genRUT(r *rng) string {
	body := strconv.Itoa(r.between(1_000_000, 25_999_999))
	return body + string(rutCheck(body))
}

var chinaRegions = []string{"110101", "110105", "310104", "310115", "440305", "440106", "320106", "330106", "510104", "420102", "610113", "370202"}

func genChinaRI(r *rng) string {
	y, m := r.between(1950, 2005), r.between(1, 12)
	d := r.between(1, 28)
	body := pick(r, chinaRegions) + pad(y, 4) + pad(m, 2) + pad(d, 2) + pad(r.intn(1000), 3)
	return body + string(chinaRICheck(body))
}

func genNIR(r *rng) string {
	body := string(byte('1'+r.intn(2))) + pad(r.intn(100), 2) + pad(r.between(1, 12), 2) + pad(r.between(1, 95), 2) +
		pad(r.between(1, 999), 3) + pad(r.between(1, 999), 3)
	return body + pad(97-mod97(body), 2)
}

func genFranceSPI(r *rng) string {
	body := string(r.digits([]byte{byte('0' + r.intn(4))}, 9))
	return body + pad(mod511(body), 3)
}

func genSteuerID(r *rng) string {
	for {
		// Ten distinct digits less one, then one of them again.
		perm := []byte(digitSet)
		for i := len(perm) - 1; i > 0; i-- {
			j := r.intn(i + 1)
			perm[i], perm[j] = perm[j], perm[i]
		}
		b := append(perm[:9:9], perm[r.intn(9)])
		for i := len(b) - 1; i > 0; i-- {
			j := r.intn(i + 1)
			b[i], b[j] = b[j], b[i]
		}
		if b[0] == '0' {
			continue
		}
		d := string(b) + string(steuerIDCheck(string(b)))
		if steuerIDValid(d) {
			return d
		}
	}
}

const upperLetters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

func genCodiceFiscale(r *rng) string {
	b := r.fromSet(nil, upperLetters, 6)
	b = r.digits(b, 2)
	b = append(b, cfMonths[r.intn(len(cfMonths))])
	day := r.between(1, 28)
	if r.intn(2) == 0 {
		day += 40
	}
	b = append(b, pad(day, 2)...)
	b = append(b, "ABCDEFGHILM"[r.intn(11)])
	b = r.digits(b, 3)
	return string(b) + string(codiceFiscaleCheck(string(b)))
}

func genRRN(r *rng) string {
	y := r.between(1940, 2015)
	s := byte('1' + r.intn(2))
	if y >= 2000 {
		s += 2
	}
	body := pad(y%100, 2) + pad(r.between(1, 12), 2) + pad(r.between(1, 28), 2) + string(s) + string(r.digits(nil, 5))
	return body + string(rrnCheck(body))
}

const consonants = "BCDFGHJKLMNPQRSTVWXZ"

func genCURP(r *rng) string {
	y := r.between(1940, 2015)
	b := []byte{consonants[r.intn(len(consonants))], "AEIOU"[r.intn(5)]}
	b = r.fromSet(b, upperLetters, 2)
	b = append(b, pad(y%100, 2)+pad(r.between(1, 12), 2)+pad(r.between(1, 28), 2)...)
	b = append(b, "HM"[r.intn(2)])
	b = append(b, pick(r, curpStates)...)
	b = r.fromSet(b, consonants, 3)
	if y < 2000 {
		b = r.digits(b, 1)
	} else {
		b = r.fromSet(b, upperLetters, 1)
	}
	return string(b) + string(curpCheck(string(b)))
}

func genBSN(r *rng) string {
	for {
		if d := string(r.digits([]byte{byte('1' + r.intn(6))}, 8)); bsnValid(d) {
			return d
		}
	}
}

func genPESEL(r *rng) string {
	y, m := r.between(1930, 2015), r.between(1, 12)
	if y >= 2000 {
		m += 20
	}
	body := pad(y%100, 2) + pad(m, 2) + pad(r.between(1, 28), 2) + string(r.digits(nil, 4))
	return body + string(peselCheck(body))
}

func genNRIC(r *rng) string {
	p := "STFG"[r.intn(4)]
	d := string(r.digits(nil, 7))
	return string(p) + d + string(nricCheck(p, d))
}

func genDNICompact(r *rng) string {
	d := string(r.digits(nil, 8))
	return d + string(dniLetters[atoi(d)%23])
}

func genNIE(r *rng) string {
	p := r.intn(3)
	d := string(r.digits(nil, 7))
	return string("XYZ"[p]) + d + string(dniLetters[atoi(strconv.Itoa(p)+d)%23])
}

// genCIF never writes the province code 00 (non-resident entities), whose
// control character the rules read differently (a letter only, by some).
func genCIF(r *rng) string {
	p := "ABCDEFGHJNPQRSUVW"[r.intn(17)]
	d := pad(r.between(1, 99), 2) + string(r.digits(nil, 5))
	c := cifControl(d)
	if contains("NPQRSW", p) || !contains("ABEH", p) && r.intn(2) == 0 {
		return string(p) + d + string("JABCDEFGHI"[c])
	}
	return string(p) + d + string(byte('0'+c))
}

func genSpainSS(r *rng) string {
	body := pad(r.between(1, 52), 2) + string(r.digits(nil, 8))
	return body + pad(mod97(body), 2)
}

func genPersonnummer(r *rng) string {
	y := r.between(1935, 2015)
	day := r.between(1, 28)
	if r.intn(8) == 0 {
		day += 60 // a samordningsnummer
	}
	short := pad(y%100, 2) + pad(r.between(1, 12), 2) + pad(day, 2) + string(r.digits(nil, 3))
	short += string(luhnCheckDigit(short))
	if r.intn(2) == 0 {
		return strconv.Itoa(y/100) + short
	}
	return short
}

var abaPrefixes = func() []int {
	var out []int
	for p := 1; p <= 12; p++ {
		out = append(out, p, p+20, p+60)
	}
	return append(out, 80)
}()

func genABA(r *rng) string {
	for {
		d := pad(pick(r, abaPrefixes), 2) + string(r.digits(nil, 7))
		if abaValid(d) {
			return d
		}
	}
}

func genDEA(r *rng) string {
	d := string(r.digits(nil, 6))
	return string(deaRegistrants[r.intn(len(deaRegistrants))]) + string(upperLetters[r.intn(26)]) + d + string(deaCheck(d))
}

func genCUIT(r *rng, types ...string) string {
	for {
		body := pick(r, types) + string(r.digits([]byte{byte('1' + r.intn(9))}, 7))
		if c := cuitCheck(body); c != 0 {
			return body + string(c)
		}
	}
}

// genNITPerson writes ten-digit bases without dots: 1.020.304.050 would
// read as a dotted quad, an IP address.
func genNITPerson(r *rng) string {
	var base string
	switch r.intn(4) {
	case 0:
		base = "1" + string(r.digits(nil, 9))
	case 1:
		base = string(r.digits([]byte{byte('1' + r.intn(9))}, 6))
	default:
		base = string(r.digits([]byte{byte('1' + r.intn(9))}, 7))
	}
	return base + string(nitCheck(base))
}

func genNITEntity(r *rng) string {
	base := string(r.digits([]byte{"89"[r.intn(2)]}, 8))
	return base + string(nitCheck(base))
}

func genHETU(r *rng) string {
	y := r.between(1940, 2015)
	body := pad(r.between(1, 28), 2) + pad(r.between(1, 12), 2) + pad(y%100, 2) + pad(r.between(2, 899), 3)
	c := string(hetuChars[atoi(body)%31])
	if y >= 2000 {
		return body[:6] + "A" + body[6:] + c
	}
	return body + c
}

func genRFC(r *rng, letters int) string {
	b := r.fromSet(nil, upperLetters, letters)
	b = append(b, pad(r.intn(100), 2)+pad(r.between(1, 12), 2)+pad(r.between(1, 28), 2)...)
	b = r.fromSet(b, upperLetters+digitSet, 2)
	return string(b) + string(rfcCheck(string(b)))
}

func genSpainTIN(r *rng) string {
	if r.intn(3) == 0 {
		d := string(r.digits(nil, 7))
		return string("KLM"[r.intn(3)]) + d + string(dniLetters[atoi(d)%23])
	}
	return genDNICompact(r)
}

func genSUBE(r *rng) string {
	body := "6061" + string(r.digits(nil, 11))
	return body + string(luhnCheckDigit(body))
}

func genGTIN(r *rng) string {
	body := string(r.digits([]byte{'0'}, 12))
	return body + string(gtinCheck(body))
}

// nationalDigitsSafe reports whether no bounded run of digits in s passes
// the check of a national type planted as a plain run of that many digits
// (a Unix time that passes Luhn is a valid Ontario health number): the
// test for filler that may follow a line with such a type's keyword.
func nationalDigitsSafe[T ~string | ~[]byte](s T) bool {
	for i := 0; i < len(s); {
		if !isDigit(s[i]) {
			i++
			continue
		}
		j := i
		for j < len(s) && isDigit(s[j]) {
			j++
		}
		if (i == 0 || !isAlnum(s[i-1])) && (j == len(s) || !isAlnum(s[j])) && plainNationalValid(string(s[i:j])) {
			return false
		}
		i = j
	}
	return true
}

// plainNationalValid reports whether digits pass a national type with a
// check digit whose layouts include a plain run of that many digits. (Types
// without a check that are a plain digit run, such as the UK's ten-digit
// UTR, are not planted: every ten-digit Unix time would be one.)
func plainNationalValid(digits string) bool {
	for i := range natSpecs {
		if natSpecs[i].bad != nil {
			continue
		}
		for _, l := range natSpecs[i].layouts {
			if len(l) == len(digits) && strings.Trim(l, "9") == "" && natSpecs[i].valid(digits) {
				return true
			}
		}
	}
	return false
}

// panHolderTypes are the fourth letters of an Indian PAN: the holder's
// type (company, person, HUF, firm, AOP, trust, BOI, local authority,
// artificial juridical person, government).
const panHolderTypes = "CPHFATBLJG"

func panValid(s string) bool {
	if len(s) != 10 || !allDigits(s[5:9]) || !contains(panHolderTypes, s[3]) {
		return false
	}
	for _, i := range []int{0, 1, 2, 3, 4, 9} {
		if !isUpper(s[i]) {
			return false
		}
	}
	return true
}

func genPAN(r *rng, fourth string) string {
	b := r.fromSet(nil, upperLetters, 3)
	b = append(b, fourth[r.intn(len(fourth))])
	b = r.fromSet(b, upperLetters, 1)
	b = r.digits(b, 4)
	return string(r.fromSet(b, upperLetters, 1))
}

// mbiLetters are the letters a Medicare Beneficiary Identifier uses: A-Z
// without S, L, O, I, B and Z (CMS).
const mbiLetters = "ACDEFGHJKMNPQRTUVWXY"

// mbiValid: C A AN N A AN N A A N N, C 1-9, N 0-9, A one of mbiLetters.
func mbiValid(s string) bool {
	if len(s) != 11 || s[0] < '1' || s[0] > '9' {
		return false
	}
	for i, kind := range "CAXNAXNAANN" {
		c := s[i]
		switch kind {
		case 'N', 'C':
			if !isDigit(c) {
				return false
			}
		case 'A':
			if !contains(mbiLetters, c) {
				return false
			}
		case 'X':
			if !isDigit(c) && !contains(mbiLetters, c) {
				return false
			}
		}
	}
	return true
}

func genMBI(r *rng) string {
	var b []byte
	for _, kind := range "CAXNAXNAANN" {
		switch kind {
		case 'C':
			b = append(b, byte('1'+r.intn(9)))
		case 'N':
			b = r.digits(b, 1)
		case 'A':
			b = r.fromSet(b, mbiLetters, 1)
		case 'X':
			b = r.fromSet(b, mbiLetters+digitSet, 1)
		}
	}
	return string(b)
}

// genBadMBI puts a letter MBIs never use (S, L, O, I, B, Z) in one of the
// letter-only positions.
func genBadMBI(r *rng) string {
	b := []byte(genMBI(r))
	b[pick(r, []int{1, 4, 7, 8})] = "SLOIBZ"[r.intn(6)]
	return string(b)
}

// itinValid: nine digits, 9 first, the group (fourth and fifth) 50-65,
// 70-88, 90-92 or 94-99 (IRS).
func itinValid(d string) bool {
	if len(d) != 9 || !allDigits(d) || d[0] != '9' {
		return false
	}
	g := atoi(d[3:5])
	return g >= 50 && g <= 65 || g >= 70 && g <= 88 || g >= 90 && g <= 92 || g >= 94
}

func genITIN(r *rng, valid bool) string {
	for {
		d := "9" + string(r.digits(nil, 8))
		if itinValid(d) == valid && (valid || atoi(d[3:5]) >= 10) {
			return d
		}
	}
}

// ndcValid: ten digits whose labeler (the first four) is not all zeros.
func ndcValid(d string) bool { return len(d) == 10 && allDigits(d) && d[:4] != "0000" }

func genNDC(r *rng, valid bool) string {
	if !valid {
		return "0000" + string(r.digits(nil, 6))
	}
	return string(r.digits([]byte{byte('1' + r.intn(9))}, 9))
}

// germanIDLetters are the letters of German identity card and passport
// numbers: consonants without B, D, Q and S.
const germanIDLetters = "CFGHJKLMNPRTVWXYZ"

// germanIDValid: nine characters, a letter first, each a digit or one of
// germanIDLetters.
func germanIDValid(s string) bool {
	if len(s) != 9 || isDigit(s[0]) {
		return false
	}
	for i := 0; i < 9; i++ {
		if !isDigit(s[i]) && !contains(germanIDLetters, s[i]) {
			return false
		}
	}
	return true
}

// genGermanID returns an identity card number; with vowel, one of its
// characters after the first is a vowel, which the numbers never hold.
func genGermanID(r *rng, vowel bool) string {
	b := r.fromSet(nil, germanIDLetters, 1)
	for range 8 {
		if r.intn(3) == 0 {
			b = r.fromSet(b, germanIDLetters, 1)
		} else {
			b = r.digits(b, 1)
		}
	}
	if vowel {
		b[1+r.intn(8)] = "AEIOU"[r.intn(5)]
	}
	return string(b)
}

// hicnValid: a HICN is the holder's Social Security number (a valid one)
// and a beneficiary identification code: a letter, maybe a digit.
func hicnValid(s string) bool {
	return (len(s) == 10 || len(s) == 11 && isDigit(s[10])) && allDigits(s[:9]) && ssnDigitsValid(s[:9]) && isUpper(s[9])
}

// genHICN returns a HICN; with valid false, its SSN part has an area
// never issued (000, 666, 900-999).
func genHICN(r *rng, valid bool) string {
	for {
		d := string(r.digits(nil, 9))
		if !valid {
			d = pick(r, []string{"000", "666", "9" + string(r.digits(nil, 2))}) + d[3:]
		}
		if ssnDigitsValid(d) == valid {
			s := d + string(upperLetters[r.intn(26)])
			if r.intn(2) == 0 {
				s += string(r.digits(nil, 1))
			}
			return s
		}
	}
}
