package detectors

// checkSwedenPersonnummer reports whether b is a Swedish personal identity
// number (Skatteverket SKV 704): YYMMDDNNNC (10 digits) or YYYYMMDDNNNC
// (12 digits), C the Luhn check digit over the last ten digits, and the
// date a real one; coordination numbers (samordningsnummer) add 60 to the
// day and are accepted. With a two-digit year the century is unknown, so
// 29 February is accepted when YY is divisible by 4 (a leap year in one of
// the candidate centuries).
func checkSwedenPersonnummer(b []byte) bool {
	if (len(b) != 10 && len(b) != 12) || !allDigits(b) {
		return false
	}
	tail := b[len(b)-10:]
	year := decimalValue(0, tail[0:2])
	if len(b) == 12 {
		year = decimalValue(0, b[0:4])
		if year < 1800 {
			return false
		}
	} else if year%4 == 0 {
		year += 2000 // leap in 20xx (2000 included), so Feb 29 is allowed
	} else {
		year += 1900
	}
	day := decimalValue(0, tail[4:6])
	if day > 60 {
		day -= 60
	}
	return validDate(year, decimalValue(0, tail[2:4]), day) && luhnValid(tail)
}
