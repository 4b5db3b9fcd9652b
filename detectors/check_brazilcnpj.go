package detectors

// checkBrazilCNPJ reports whether b is a Brazilian CNPJ: fourteen
// characters, two mod-11 check digits at the end (weights 5 4 3 2 9 8 7 6
// 5 4 3 2 over the first twelve, then 6 5 4 3 2 9 8 7 6 5 4 3 2 over the
// first thirteen, with the CPF rule for remainders 0 and 1). Since July
// 2026 the Receita Federal issues alphanumeric CNPJs (IN RFB 2.229/2024):
// the first twelve characters may be uppercase letters, each valued at its
// ASCII code minus 48 (A = 17), and the check digits stay numeric; numeric
// CNPJs keep their check digits under that rule. Fourteen repeated digits
// are refused as in checkBrazilCPF.
func checkBrazilCNPJ(b []byte) bool {
	if len(b) != 14 || !isDigit(b[12]) || !isDigit(b[13]) {
		return false
	}
	s1, s2 := 0, 0
	same := true
	for i, c := range b[:13] {
		if i < 12 && !isDigit(c) && !isUpper(c) {
			return false
		}
		v := int(c) - '0'
		if i < 12 {
			s1 += v * int(cnpjWeights[i+1])
		}
		s2 += v * int(cnpjWeights[i])
		same = same && c == b[0]
	}
	same = same && b[13] == b[0]
	return !same && int(b[12]-'0') == brazilMod11Check(s1) && int(b[13]-'0') == brazilMod11Check(s2)
}

var cnpjWeights = [13]byte{6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2}
