package detectors

// Full-width forms. Japanese text writes digits as full-width characters
// (０-９, U+FF10..U+FF19, three bytes each in UTF-8) and hyphens as
// full-width hyphen-minus (－, U+FF0D) or the long vowel mark (ー, U+30FC).
// Shape patterns accept them wherever they accept an ASCII digit or hyphen;
// match offsets stay byte offsets into the original buffer, and validators
// see the value normalised to ASCII.

const (
	fwLead  = 0xEF // first byte of U+FF0D and U+FF10..U+FF19
	fwMid   = 0xBC // second byte of the same
	fwZero  = 0x90 // third byte of U+FF10 '０'
	fwMinus = 0x8D // third byte of U+FF0D '－'
)

// digitAt returns the ASCII digit at data[p] (an ASCII or full-width digit)
// and its width in bytes, or width 0.
func digitAt(data []byte, p int) (byte, int) {
	c := data[p]
	if isDigit(c) {
		return c, 1
	}
	if c == fwLead && p+2 < len(data) && data[p+1] == fwMid && data[p+2]-fwZero <= 9 {
		return '0' + data[p+2] - fwZero, 3
	}
	return 0, 0
}

// hyphenAt returns the width of the hyphen at data[p]: '-' (1), '－' or
// 'ー' (3), or 0 if there is none.
func hyphenAt(data []byte, p int) int {
	c := data[p]
	if c == '-' {
		return 1
	}
	if p+2 >= len(data) {
		return 0
	}
	if c == fwLead && data[p+1] == fwMid && data[p+2] == fwMinus {
		return 3
	}
	if c == 0xE3 && data[p+1] == 0x83 && data[p+2] == 0xBC { // ー U+30FC
		return 3
	}
	return 0
}

// fwDigitBefore reports whether a full-width digit ends just before p.
func fwDigitBefore(data []byte, p int) bool {
	return p >= 3 && data[p-3] == fwLead && data[p-2] == fwMid && data[p-1]-fwZero <= 9
}
