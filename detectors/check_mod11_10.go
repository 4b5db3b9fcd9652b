package detectors

// checkMod11_10 reports whether b is a German Steuerliche
// Identifikationsnummer (IdNr, BZSt): eleven digits, the first not 0; in
// the first ten exactly one digit occurs twice or three times and every
// other digit at most once, and a digit occurring three times may not fill
// three adjacent places (the BZSt construction rules, as amended in 2016);
// the eleventh is the ISO 7064 MOD 11,10 check digit over the first ten.
func checkMod11_10(b []byte) bool {
	if len(b) != 11 || b[0] == '0' {
		return false
	}
	var count [10]int
	for _, c := range b {
		if !isDigit(c) {
			return false
		}
	}
	for _, c := range b[:10] {
		count[c-'0']++
	}
	repeated := -1
	for d, n := range count {
		switch {
		case n <= 1:
		case n <= 3 && repeated < 0:
			repeated = d
		default:
			return false
		}
	}
	if repeated < 0 {
		return false
	}
	if count[repeated] == 3 {
		r := byte('0' + repeated)
		for i := 0; i+2 < 10; i++ {
			if b[i] == r && b[i+1] == r && b[i+2] == r {
				return false
			}
		}
	}
	return mod11_10Valid(b)
}

// mod11_10Valid reports whether the digits d end in their ISO 7064 MOD
// 11,10 check digit (the hybrid system: carry starts at 10; per digit
// s = (digit + carry) mod 10, 0 read as 10, carry = 2s mod 11; check =
// 11 - carry, 10 written 0).
func mod11_10Valid(d []byte) bool {
	product := 10
	for _, c := range d[:len(d)-1] {
		sum := (int(c-'0') + product) % 10
		if sum == 0 {
			sum = 10
		}
		product = sum * 2 % 11
	}
	check := 11 - product
	if check == 10 {
		check = 0
	}
	return int(d[len(d)-1]-'0') == check
}
