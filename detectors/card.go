package detectors

// cardValid reports whether d, 13 to 19 ASCII digits, is a plausible payment
// card number: a known issuer prefix with a length that issuer uses, a valid
// Luhn check digit, not all one digit, and not one of the card networks' or
// payment processors' published test numbers (which appear in code, docs and
// test fixtures far more often than in real data).
func cardValid(d []byte) bool {
	if len(d) < 13 || len(d) > 19 || !cardIssuerKnown(d) || !luhnValid(d) {
		return false
	}
	same := true
	for _, c := range d[1:] {
		if c != d[0] {
			same = false
			break
		}
	}
	if same {
		return false
	}
	p4 := int(d[0]-'0')*1000 + int(d[1]-'0')*100 + int(d[2]-'0')*10 + int(d[3]-'0') // prefixInt(d, 4)
	if testCardPrefixes[p4>>6]&(1<<(p4&63)) == 0 {
		return true // no test number starts so
	}
	_, isTest := testCardNumbers[string(d)]
	return !isTest
}

// testCardPrefixes has bit n set when a test number starts with the four
// digits n: most numbers are told from every test number without hashing
// them for the map (a column of card numbers looked each one up).
var testCardPrefixes = func() (set [10000/64 + 1]uint64) {
	for n := range testCardNumbers {
		p := prefixInt([]byte(n), 4)
		set[p>>6] |= 1 << (p & 63)
	}
	return set
}()

// cardIssuerKnown reports whether the prefix and length of d match an issuer
// range (IIN) that issues cards of that length.
func cardIssuerKnown(d []byte) bool {
	n := len(d)
	if n < 13 {
		return false // no issuer range below (Maestro's 12 are left out)
	}
	// prefixInt(d, 2), (d, 3) and (d, 4), in one pass.
	p2 := int(d[0]-'0')*10 + int(d[1]-'0')
	p3 := p2*10 + int(d[2]-'0')
	p4 := p3*10 + int(d[3]-'0')
	switch {
	case d[0] == '4': // Visa
		if n == 13 || n == 16 || n == 19 {
			return true
		}
	case p2 >= 51 && p2 <= 55, p4 >= 2221 && p4 <= 2720: // Mastercard
		if n == 16 {
			return true
		}
	case p2 == 34 || p2 == 37: // American Express
		if n == 15 {
			return true
		}
	}
	in1619 := n >= 16 && n <= 19
	switch {
	case p4 == 6011, p3 >= 644 && p3 <= 649, p2 == 65: // Discover
		if in1619 {
			return true
		}
	case p4 >= 3528 && p4 <= 3589: // JCB
		if in1619 {
			return true
		}
	case p3 >= 300 && p3 <= 305, p2 == 36, p2 == 38, p2 == 39: // Diners Club
		if n >= 14 && n <= 19 {
			return true
		}
	case p2 == 62: // UnionPay
		if in1619 {
			return true
		}
	}
	// Maestro: 50 and 56-69, 12-19 digits (13-19 here: 12-digit numbers
	// collide with too much else). Overlaps the ranges above on purpose.
	if p2 == 50 || (p2 >= 56 && p2 <= 69) {
		return n >= 13
	}
	return false
}

func prefixInt(d []byte, n int) int {
	v := 0
	for i := 0; i < n && i < len(d); i++ {
		v = v*10 + int(d[i]-'0')
	}
	return v
}

// testCardNumbers are the published test card numbers of card networks and
// payment processors (Stripe, Adyen, Braintree, PayPal/Payflow, Worldpay,
// CyberSource, Authorize.net). Only Luhn-valid numbers with a known issuer
// are listed: anything else is already rejected.
var testCardNumbers = map[string]struct{}{
	// Issuers' and networks' classic test numbers.
	"4111111111111111": {}, "4012888888881881": {}, "4222222222222": {},
	"5555555555554444": {}, "5105105105105100": {}, "378282246310005": {},
	"371449635398431": {}, "378734493671000": {}, "6011111111111117": {},
	"6011000990139424": {}, "3530111333300000": {}, "3566002020360505": {},
	"30569309025904": {}, "38520000023237": {}, "6011000000000012": {},
	"38000000000006": {}, "5424000000000015": {},
	"4007000000027": {}, "4012888818888": {}, "4005550000000001": {},
	"4005550000000019": {},
	// Stripe.
	"4242424242424242": {}, "4000056655665556": {}, "5200828282828210": {},
	"2223003122003222": {}, "6011981111111113": {}, "3056930009020004": {},
	"36227206271667": {}, "6555900000604105": {}, "6200000000000005": {},
	"6200000000000047": {}, "6205500000000000004": {}, "4000000000000077": {},
	"4000000000000093": {}, "4000000000000010": {}, "4000000000000028": {},
	"4000000000000036": {}, "4000000000000044": {}, "4000000000000101": {},
	"4000000000000341": {}, "4000000000000002": {}, "4000000000000127": {},
	"4000000000000069": {}, "4000000000000119": {}, "4000000000003220": {},
	"4000000000009995": {}, "4000002500003155": {}, "4000002760003184": {},
	"4000000000000259": {}, "4000000000003063": {}, "4100000000000019": {},
	"4000000000009987": {}, "4000000000009979": {},
	// Adyen.
	"4111111145551142": {}, "5555341244441115": {}, "370000000000002": {},
	"4988438843884305": {}, "6731012345678906": {}, "4917610000000000": {},
	"4917610000000000003": {}, "6771798021000008": {}, "5101180000000007": {},
	"2222400070000005": {}, "5555444433331111": {}, "4444333322221111": {},
	"6011601160116611": {}, "6243030000000001": {}, "3569990010095841": {},
	"6703444444444449": {}, "6759000000000000005": {}, "4035501000000008": {},
	"4166676667666746": {}, "4646464646464644": {}, "5577000055770004": {},
	// Braintree.
	"4005519200000004": {}, "4009348888881881": {}, "4012000033330026": {},
	"4012000077777777": {}, "4217651111111119": {}, "4500600000000061": {},
	"2223000048400011": {}, "6304000000000000": {}, "36259600000004": {},
	"6011000991300009": {}, "3566111111111113": {},
}
