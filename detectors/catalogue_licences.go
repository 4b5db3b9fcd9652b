package detectors

import "strings"

// Driver's licence numbers of the EU countries (beyond France, Germany,
// Italy and Spain, in catalogue_personal.go) and India, as Macie's
// <COUNTRY>_DRIVERS_LICENSE identifiers. Keywords are Macie's, in the
// national languages: most of these numbers are bare digit runs (eight
// digits in Austria, Croatia, Denmark and Lithuania, nine in Bulgaria,
// Greece and Slovenia, ten in Belgium and the Netherlands), so an English
// "driving licence" next to eight digits could be any of them and is left
// to the UK, US, Canadian and Australian rows. Shapes follow the published
// formats of the national licences (as DLP vendors document them); where
// the number is the holder's personal identity code (Finland, Sweden) its
// check is applied.

// indiaStateCodes are the two-letter state and union-territory codes that
// start Indian vehicle registrations and driving licences.
const indiaStateCodes = "AN AP AR AS BR CG CH DD DL DN GA GJ HP HR JH JK KA KL LA LD MH ML MN MP MZ NL OD OR PB PY RJ SK TN TR TS UK UP WB"

// indiaDLValid: an Indian driving licence number (Central Motor Vehicles
// Rules, Form 7, since 2019) is the state code, a two-digit RTO code, the
// year of issue and a seven-digit serial: 2 letters and 13 digits once
// normalised.
func indiaDLValid(b []byte) bool {
	if len(b) != 15 || !allDigits(b[2:]) {
		return false
	}
	code := string(b[:2])
	if i := strings.Index(indiaStateCodes, code); i < 0 || i%3 != 0 {
		return false
	}
	y := decimalValue(0, b[4:8])
	return y >= 1940 && y <= 2039 && decimalValue(0, b[8:]) != 0
}

// notAllZero rejects placeholder values made only of zeros.
func notAllZero(b []byte) bool {
	for _, c := range b {
		if c != '0' {
			return true
		}
	}
	return false
}

func licenceRows() []Spec {
	return []Spec{
		kwShapeRow("AUSTRIA_DRIVERS_LICENSE", CategoryPersonal, "Austrian driving licence number",
			[]string{"führerschein", "fuhrerschein", "führerschein republik österreich", "fuhrerschein republik osterreich"},
			&Shape{Patterns: []string{"99999999"}, Valid: notAllZero}, "",
			texts("Führerschein: «12345678»", "Fuhrerschein Republik Osterreich «87654321»"),
			texts("12345678", "Führerschein 1234567", "Führerschein 00000000")),
		yieldsTo(kwShapeRow("BELGIUM_DRIVERS_LICENSE", CategoryPersonal, "Belgian driving licence number",
			[]string{
				"fuehrerschein", "fuehrerschein nr", "fuehrerscheinnummer", "fuhrerschein", "führerschein",
				"fuhrerschein nr", "führerschein nr", "fuhrerscheinnummer", "führerscheinnummer",
				"numéro permis conduire", "permis de conduire", "rijbewijs", "rijbewijsnummer",
			},
			&Shape{Patterns: []string{"9999999999"}, Valid: notAllZero}, "",
			texts("Führerscheinnummer: «1234567890»", "numéro permis conduire «5432109876»"),
			texts("1234567890", "Führerschein 123456789", "Führerschein 12345678901", "rijbewijs 1234567890")), "NETHERLANDS_DRIVERS_LICENSE"),
		kwShapeRow("BULGARIA_DRIVERS_LICENSE", CategoryPersonal, "Bulgarian driving licence number",
			[]string{
				"превозно средство", "свидетелство за управление на моторно", "свидетелство за управление на мпс",
				"сумпс", "шофьорска книжка", "СУМПС", "Шофьорска книжка",
			},
			&Shape{Patterns: []string{"999999999"}, Valid: notAllZero}, "",
			texts("шофьорска книжка № «123456789»", "СУМПС: «287654321»"),
			texts("123456789", "сумпс 12345678")),
		kwShapeRow("CROATIA_DRIVERS_LICENSE", CategoryPersonal, "Croatian driving licence number",
			[]string{"vozačka dozvola", "vozacka dozvola"},
			&Shape{Patterns: []string{"99999999"}, Valid: notAllZero}, "",
			texts("vozačka dozvola: «12345678»", "Vozačka dozvola br. «10293847»"),
			texts("12345678", "vozačka dozvola 123456789")),
		kwShapeRow("CYPRUS_DRIVERS_LICENSE", CategoryPersonal, "Cypriot driving licence number",
			[]string{"άδεια οδήγησης", "άδειας οδήγησης", "ΆΔΕΙΑ ΟΔΉΓΗΣΗΣ"},
			&Shape{Patterns: []string{"999999999999"}, Valid: notAllZero}, "",
			texts("άδεια οδήγησης: «123456789012»", "ΆΔΕΙΑ ΟΔΉΓΗΣΗΣ «987654321098»"),
			texts("123456789012", "άδεια οδήγησης 12345678901")),
		kwShapeRow("CZECHIA_DRIVERS_LICENSE", CategoryPersonal, "Czech driving licence number",
			[]string{
				"číslo licence", "císlo licence řidiče", "číslo řidičského průkazu", "ovladače lic.", "povolení k jízdě",
				"povolení řidiče", "řidiči povolení", "řidičský prúkaz", "řidičský průkaz", "Řidičský průkaz",
			},
			&Shape{Patterns: []string{"AA999999", "AA 999999"}}, "",
			texts("řidičský průkaz: «EA123456»", "číslo řidičského průkazu «EB 654321»"),
			texts("EA123456", "řidičský průkaz EA12345", "řidičský průkaz E1234567")),
		kwShapeRow("DENMARK_DRIVERS_LICENSE", CategoryPersonal, "Danish driving licence number",
			[]string{"kørekort", "kørekortnummer", "korekort", "koerekort"},
			&Shape{Patterns: []string{"99999999"}, Valid: notAllZero}, "",
			texts("kørekort nr. «12345678»", "Kørekortnummer: «30405060»"),
			texts("12345678", "kørekort 1234567")),
		kwShapeRow("ESTONIA_DRIVERS_LICENSE", CategoryPersonal, "Estonian driving licence number",
			[]string{"juhi litsentsi number", "juhiloa number", "juhiluba", "juhiluba number", "juhiloa"},
			&Shape{Patterns: []string{"ET999999", "ET 999999"}}, "",
			texts("juhiluba: «ET123456»", "juhiloa number «ET 654321»"),
			texts("ET123456", "juhiluba EE123456", "juhiluba ET12345")),
		yieldsTo(kwShapeRow("FINLAND_DRIVERS_LICENSE", CategoryPersonal, "Finnish driving licence number (personal identity code)",
			[]string{"ajokortin numero", "ajokortti", "förare lic.", "körkort", "körkort nummer", "kuljettaja lic.", "permis de conduire"},
			&Shape{Patterns: []string{"999999-999X", "999999+999X", "999999A999X"}, Valid: checkFinlandHETU}, "mod31",
			texts("ajokortti: «131052-308T»", "ajokortin numero «010101A0101»"),
			texts("131052-308T", "ajokortti 131052-308U", "ajokortti 131052G308T")), "SWEDEN_DRIVERS_LICENSE"),
		kwShapeRow("GREECE_DRIVERS_LICENSE", CategoryPersonal, "Greek driving licence number",
			[]string{"δεια οδήγησης", "adeia odigisis", "ΆΔΕΙΑ ΟΔΉΓΗΣΗΣ", "αριθμός άδειας οδήγησης"},
			&Shape{Patterns: []string{"999999999"}, Valid: notAllZero}, "",
			texts("άδεια οδήγησης: «123456789»", "adeia odigisis «987654321»"),
			texts("123456789", "adeia odigisis 12345678")),
		kwShapeRow("HUNGARY_DRIVERS_LICENSE", CategoryPersonal, "Hungarian driving licence number",
			[]string{"illesztőprogramok lic", "jogosítvány", "jogsi", "licencszám", "vezető engedély", "vezetői engedély", "vezetoi engedely"},
			&Shape{Patterns: []string{"AA999999"}}, "",
			texts("jogosítvány: «AB123456»", "vezetői engedély «CD654321»"),
			texts("AB123456", "jogsi AB1234567")),
		kwShapeRow("INDIA_DRIVERS_LICENSE", CategoryPersonal, "Indian driving licence number",
			kws(dlKeywordsAll, "driver licences", "driver licenses", "drivers licences", "driver's licences", "drivers licenses", "driver's licenses"),
			&Shape{Patterns: []string{"AA99 99999999999", "AA99 9999 9999999", "AA99-99999999999", "AA-9999999999999", "AA9999999999999", "AA-99-9999-9999999"}, Valid: indiaDLValid}, "",
			texts("driving licence «MH1220110012345»", "DL no «KA-0120190001234»", "driving license: «DL0420140123456»"),
			texts("MH12 20110012345", "driving licence ZZ12 20110012345", "driving licence MH12 18110012345")),
		kwShapeRow("IRELAND_DRIVERS_LICENSE", CategoryPersonal, "Irish driving licence number",
			[]string{"ceadúnas tiomána", "ceadunas tiomana"},
			&Shape{Patterns: []string{"999999AAAA"}}, "",
			texts("ceadúnas tiomána: «123456ABCD»", "Ceadúnas Tiomána «654321WXYZ»"),
			texts("123456ABCD", "ceadúnas tiomána 12345ABCD")),
		kwShapeRow("LATVIA_DRIVERS_LICENSE", CategoryPersonal, "Latvian driving licence number",
			[]string{
				"autovadītāja apliecība", "licences numurs", "vadītāja apliecība", "vadītāja apliecības numurs",
				"vadītāja atļauja", "vadītāja licences numurs", "vadītāji lic.",
			},
			&Shape{Patterns: []string{"AAA999999"}}, "",
			texts("vadītāja apliecība: «ABC123456»", "licences numurs «XYZ654321»"),
			texts("ABC123456", "vadītāja apliecība AB123456")),
		kwShapeRow("LITHUANIA_DRIVERS_LICENSE", CategoryPersonal, "Lithuanian driving licence number",
			[]string{"vairuotojo pažymėjimas", "vairuotojo pazymejimas", "vairuotojo pažymėjimo numeris"},
			&Shape{Patterns: []string{"99999999"}, Valid: notAllZero}, "",
			texts("vairuotojo pažymėjimas: «12345678»", "vairuotojo pažymėjimo numeris «87654321»"),
			texts("12345678", "vairuotojo pažymėjimas 1234567")),
		kwShapeRow("LUXEMBOURG_DRIVERS_LICENSE", CategoryPersonal, "Luxembourg driving licence number",
			[]string{"fahrerlaubnis", "führerschäin", "fuhrerschain"},
			&Shape{Patterns: []string{"999999"}, Valid: notAllZero}, "",
			texts("Führerschäin: «123456»", "Fahrerlaubnis «654321»"),
			texts("123456", "fahrerlaubnis 12345", "fahrerlaubnis 000000")),
		kwShapeRow("MALTA_DRIVERS_LICENSE", CategoryPersonal, "Maltese driving licence number",
			[]string{"liċenzja tas-sewqan", "licenzja tas-sewqan"},
			&Shape{Patterns: []string{"XX999999", "XX 999 999"}}, "",
			texts("liċenzja tas-sewqan: «MT123456»", "licenzja tas-sewqan «12 345 678»"),
			texts("MT123456", "liċenzja tas-sewqan MT12345")),
		kwShapeRow("NETHERLANDS_DRIVERS_LICENSE", CategoryPersonal, "Dutch driving licence number",
			[]string{"permis de conduire", "rijbewijs", "rijbewijsnummer", "rijbewijs nummer"},
			&Shape{Patterns: []string{"9999999999"}, Valid: notAllZero}, "",
			texts("rijbewijsnummer: «1234567890»", "Rijbewijs «5123456789»"),
			texts("1234567890", "rijbewijs 123456789")),
		kwShapeRow("POLAND_DRIVERS_LICENSE", CategoryPersonal, "Polish driving licence number",
			[]string{"numer licencyjny", "prawo jazdy", "zezwolenie na prowadzenie", "numer prawa jazdy"},
			&Shape{Patterns: []string{"99999/99/9999999"}}, "",
			texts("prawo jazdy: «12345/67/8901234»", "numer prawa jazdy «00123/12/0012345»"),
			texts("12345/67/8901234", "prawo jazdy 12345/67/890123")),
		kwShapeRow("PORTUGAL_DRIVERS_LICENSE", CategoryPersonal, "Portuguese driving licence number",
			[]string{
				"carta de condução", "carta de conducao", "carteira de habilitação", "carteira de motorist", "carteira habilitação",
				"carteira motorist", "licença condução", "licença de condução", "número de licença", "número licença",
				"permissão condução", "permissão de condução",
			},
			&Shape{Patterns: []string{"A{1,2}-999999 9", "A{1,2}-9999999", "A{1,2}9999999"}}, "",
			texts("carta de condução: «AB-123456 7»", "licença de condução «L-1234567»"),
			texts("AB-123456 7", "carta de condução AB-12345 7")),
		kwShapeRow("ROMANIA_DRIVERS_LICENSE", CategoryPersonal, "Romanian driving licence number",
			[]string{"numărul permisului de conducere", "permis de conducere", "numarul permisului de conducere"},
			&Shape{Patterns: []string{"X99999999"}}, "",
			texts("permis de conducere: «A12345678»", "numărul permisului de conducere «123456789»"),
			texts("A12345678", "permis de conducere A1234567")),
		kwShapeRow("SLOVAKIA_DRIVERS_LICENSE", CategoryPersonal, "Slovak driving licence number",
			[]string{
				"číslo licencie", "číslo vodičského preukazu", "ovládače lic.", "povolenia vodičov", "povolenie jazdu",
				"povolenie na jazdu", "povolenie vodiča", "vodičský preukaz", "vodicsky preukaz",
			},
			&Shape{Patterns: []string{"X9999999"}}, "",
			texts("vodičský preukaz: «E1234567»", "číslo vodičského preukazu «12345678»"),
			texts("E1234567", "vodičský preukaz E123456")),
		kwShapeRow("SLOVENIA_DRIVERS_LICENSE", CategoryPersonal, "Slovenian driving licence number",
			[]string{"vozniško dovoljenje", "vozniško dovoljenje št"},
			&Shape{Patterns: []string{"999999999"}, Valid: notAllZero}, "",
			texts("vozniško dovoljenje: «123456789»", "Vozniško dovoljenje «987654321»"),
			texts("123456789", "vozniško dovoljenje 12345678")),
		kwShapeRow("SWEDEN_DRIVERS_LICENSE", CategoryPersonal, "Swedish driving licence number (personnummer)",
			[]string{"ajokortin numero", "dlno# ajokortti", "drivere lic.", "förare lic.", "körkort", "körkort nummer", "körkortsnummer", "kuljettajat lic.", "korkort"},
			&Shape{Patterns: []string{"999999-9999", "99999999-9999"}, Valid: checkSwedenPersonnummer}, "luhn",
			texts("körkort: «811218-9876»", "körkortsnummer «19811218-9876»"),
			texts("811218-9876", "körkort 811218-9877", "körkort 811318-9876")),
	}
}
