package detectors

// checkAustraliaMedicare reports whether b is an Australian Medicare card
// number: eight digits, the first 2 to 6, a check digit equal to the sum
// of the first eight weighted 1 3 7 9 1 3 7 9 mod 10, the card's issue
// number, and optionally the one-digit individual reference number (IRN,
// 1 to 9) of the person on the card: 10 or 11 digits in all (Services
// Australia, Medicare card number format).
func checkAustraliaMedicare(b []byte) bool {
	if (len(b) != 10 && len(b) != 11) || !allDigits(b) || b[0] < '2' || b[0] > '6' {
		return false
	}
	if len(b) == 11 && b[10] == '0' {
		return false
	}
	sum := 0
	for i, c := range b[:8] {
		sum += int(c-'0') * int(medicareWeights[i])
	}
	return int(b[8]-'0') == sum%10
}

var medicareWeights = [8]byte{1, 3, 7, 9, 1, 3, 7, 9}
