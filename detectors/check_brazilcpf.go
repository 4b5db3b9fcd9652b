package detectors

// checkBrazilCPF reports whether b is a Brazilian CPF: eleven digits, the
// tenth and eleventh the Receita Federal mod-11 check digits (weights 10..2
// over the first nine, then 11..2 over the first ten; a remainder below 2
// gives 0, otherwise 11 minus the remainder). Numbers of one repeated digit
// pass the arithmetic but are never issued, so they are refused.
func checkBrazilCPF(b []byte) bool {
	if len(b) != 11 {
		return false
	}
	same := true
	s1, s2 := 0, 0
	for i, c := range b {
		if !isDigit(c) {
			return false
		}
		v := int(c - '0')
		if i < 9 {
			s1 += v * (10 - i)
		}
		if i < 10 {
			s2 += v * (11 - i)
		}
		same = same && c == b[0]
	}
	return !same && int(b[9]-'0') == brazilMod11Check(s1) && int(b[10]-'0') == brazilMod11Check(s2)
}

// brazilMod11Check is the Receita Federal rule shared by CPF and CNPJ: remainder 0 or
// 1 gives 0, otherwise 11 minus the remainder.
func brazilMod11Check(sum int) int {
	if r := sum % 11; r >= 2 {
		return 11 - r
	}
	return 0
}
