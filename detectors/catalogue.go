package detectors

import (
	"slices"
	"strings"
	"sync"
)

// Severity rules, from Macie's severity scoring for sensitive data findings:
// credentials and credit card numbers are HIGH from the first occurrence;
// other financial and personal information is MEDIUM, and HIGH from 100
// occurrences in one object.
var (
	severityHighAlways = []SeverityThreshold{{1, SeverityHigh}}
	severityByCount    = []SeverityThreshold{{1, SeverityMedium}, {100, SeverityHigh}}
	// E-mail addresses are not a Macie managed identifier; they are common
	// and rarely sensitive alone, so they start LOW.
	severityEmail = []SeverityThreshold{{1, SeverityLow}, {100, SeverityMedium}}
)

// cardKeywords are Macie's credit card keywords plus common spellings of
// the networks. CREDIT_CARD_NUMBER and its NO_KEYWORD twin share them, so
// that every card number is exactly one of the two.
var cardKeywords = []string{
	"account number", "american express", "amex", "bank card", "card", "card num",
	"card no", "card number", "cc #", "cc#", "cc number", "ccn", "check card",
	"credit", "credit card", "credit card#", "creditcard", "dankort", "debit",
	"debit card", "diners club", "discover", "electron", "japanese card bureau",
	"jcb", "maestro", "master card", "mastercard", "mc", "pan",
	"payment account number", "payment card number", "pcn", "union pay",
	"unionpay", "visa",
}

// cardYieldsTo: SUBE transit cards are numbered in the Maestro range
// (6061) and pass Luhn; next to "sube" they are reported as that.
var cardYieldsTo = []string{"ARGENTINA_TARJETA_SUBE"}

var cardShape = &Numeric{
	Lengths:    []int{13, 14, 15, 16, 17, 18, 19},
	Groups:     [][]int{{4, 4, 4, 4}, {4, 6, 5}, {4, 4, 4, 4, 3}},
	Separators: " -",
	Valid:      cardValid,
}

var ssnShape = &Numeric{
	Lengths:    []int{9},
	Groups:     [][]int{{3, 2, 4}},
	Separators: " -",
	Valid:      ssnValid,
}

// catalogue returns the managed identifier table, sorted by ID: the rows
// below and those of the catalogue_*.go files. It is built on first use,
// not as the package is initialised: it was the program's largest package
// initialisation (~2.5 ms, 380 KB), which every command paid, those that
// use no identifier too.
var catalogue = sync.OnceValue(func() []Spec {
	return buildCatalogue(coreRows, financialRows(), credentialRows(), personalRows(), healthRows(), japanRows())
})

func buildCatalogue(parts ...[]Spec) []Spec {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	all := make([]Spec, 0, n)
	for _, p := range parts {
		all = append(all, p...)
	}
	slices.SortFunc(all, func(a, b Spec) int { return strings.Compare(a.ID, b.ID) })
	return all
}

// coreRows are the first identifiers: cards, SSNs, AWS keys, e-mail, JWTs
// and PEM private keys.
var coreRows = []Spec{
	{
		ID:       "AWS_CREDENTIALS",
		Category: CategoryCredentials,
		Name:     "AWS secret access key",
		// Access key IDs carry their own evidence (the AKIA/ASIA prefix);
		// 40-character secret access keys need one of these keywords.
		Keywords: []string{
			"aws_secret_access_key", "aws secret access key", "secret access key",
			"secret_access_key", "aws_secret_key", "aws secret", "secretaccesskey",
		},
		KeywordRequired: true,
		Matcher:         "aws-credentials",
		Severity:        severityHighAlways,
		Samples: []Sample{
			{Text: "aws_access_key_id = «AKIABBR6QMW4WXFOGO6M»"},
			{Text: "session «ASIAVN6A6WFHYM6L3VFZ» expires"},
			{Text: "aws_secret_access_key = «7Zkuvqdt7s8Stqcbnr3yBdGBLEPH1qhT61qtc4xa»"},
			{Text: "AWS_SECRET_ACCESS_KEY=«tws8phP9nhFyJfm5di4PzJ59FHz5r1pY4OjE2jBM»\n"},
			{Text: `{"SecretAccessKey": "«tws8phP9nhFyJfm5di4PzJ59FHz5r1pY4OjE2jBM»"}`},
			{Field: "aws_secret_key", Text: "«7Zkuvqdt7s8Stqcbnr3yBdGBLEPH1qhT61qtc4xa»"},
		},
		NegativeSamples: []Sample{
			{Text: "AKIAIOSFODNN7EXAMPLE"},
			{Text: "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
			{Text: "7Zkuvqdt7s8Stqcbnr3yBdGBLEPH1qhT61qtc4xa"},                    // no keyword
			{Text: "secret access key: da39a3ee5e6b4b0d3255bfef95601890afd80709"}, // a SHA-1 digest
			{Text: "XAKIABBR6QMW4WXFOGO6M"},
			{Text: "AKIABBR6QMW4WXFOGO6M1"},
			{Text: "aws_secret_access_key = 7Zkuvqdt7s8Stqcbnr3yBdGBLEPH1qhT61qtc4xaQ"}, // 41 characters
		},
	},
	{
		ID:              "CREDIT_CARD_NUMBER",
		Category:        CategoryFinancial,
		Name:            "Credit card number",
		Keywords:        cardKeywords,
		KeywordRequired: true,
		Matcher:         "numeric",
		Numeric:         cardShape,
		Checksum:        "luhn",
		YieldsTo:        cardYieldsTo,
		Severity:        severityHighAlways,
		Samples: []Sample{
			{Text: "Visa card number: «4526018159083012», shipped 09/27"},
			{Text: "credit card «4526-0181-5908-3012»"},
			{Text: "Amex «3711 862527 60184»"},
			{Text: "cc# «4909 9603 0824 6281 946»"},
			{Text: "«5382199351819096» was the mastercard"},
			{Field: "payment.cardNumber", Text: "«6011104974650750»"},
			{Field: "$.customer.cards[].pan", Text: "«3530842684656323»"},
			{Text: "Diners Club «36122330792441» and «30002685995284»"},
		},
		NegativeSamples: []Sample{
			{Text: "order 4526018159083012 shipped"}, // no keyword: the twin's
			{Text: "card number 4526018159083013"},   // Luhn fails
			{Text: "card number 4111111111111111"},   // test number
			{Text: "card: 4526018159083012a"},        // not bounded
			{Text: "card: x4526018159083012"},        // not bounded
			{Text: "card 4526 0181-5908 3012"},       // mixed separators
			{Text: "card 1234567812345670"},          // no issuer
			{Text: "card\x004526018159083012"},       // keyword in another value
			{Text: "card, and then a long story of thirty-one chars 4526018159083012"},
		},
	},
	{
		ID:            "CREDIT_CARD_NUMBER_(NO_KEYWORD)",
		Category:      CategoryFinancial,
		Name:          "Credit card number (no keyword)",
		Keywords:      cardKeywords,
		KeywordAbsent: true,
		Matcher:       "numeric",
		Numeric:       cardShape,
		Checksum:      "luhn",
		YieldsTo:      cardYieldsTo,
		Severity:      severityHighAlways,
		Samples: []Sample{
			{Text: "order «4526018159083012» shipped"},
			{Text: "«2720378657975434»,«2221231948757497»"},
			{Text: "ref «349555979711473»\x00card"},
			{Text: "x «6529-1703-4236-6712-760» y"},
			{Text: "«6290786666176037» «5013721590105» «6792815901396245953»"},
		},
		NegativeSamples: []Sample{
			{Text: "card 4526018159083012"}, // the keyword twin's
			{Text: "4526018159083013"},
			{Text: "4242424242424242"},
			{Text: "0000000000000000"},
			{Text: "6666666666666"}, // all one digit (Luhn-valid Maestro otherwise)
			{Text: "45260181590830121"},
			{Text: "uuid 4526018159083012abcd"},
		},
	},
	{
		ID:       "EMAIL_ADDRESS",
		Category: CategoryPersonal,
		Name:     "E-mail address (not a Macie managed identifier)",
		Matcher:  "email",
		Severity: severityEmail,
		Samples: []Sample{
			{Text: "contact «jane.doe+news@example.co.uk».", Field: ""},
			{Text: "<«j_o%e@mail-1.example.com»>"},
			{Text: "«a@b.io»,«x.y@z.example»"},
		},
		NegativeSamples: []Sample{
			{Text: "user@localhost"},
			{Text: "a..b@example.com"},
			{Text: ".@example.com"},
			{Text: "x@-bad.com"},
			{Text: "x@bad-.com"},
			{Text: "x@example.c0m"},
			{Text: "x@example.c"},
			{Text: "@example.com"},
			{Text: "x\x00@example.com"},
		},
	},
	{
		ID:       "IP_ADDRESS",
		Category: CategoryPersonal,
		Name:     "IP address, v4 or v6 (not a Macie managed identifier)",
		Matcher:  "ip",
		Severity: severityEmail,
		Samples: []Sample{
			{Text: "Login from «81.2.69.160» succeeded."},
			{Text: "client «2a03:2880:f12f:83:face:b00c:0:25de» blocked"},
			{Text: "upstream «2400:cb00:2048:1::c629:d7a2», «fe80::1ff:fe23:4567:890a»"},
			{Text: "«8.8.8.8»:53 and [«2606:4700:4700::1111»]:443"},
		},
		NegativeSamples: []Sample{
			{Text: "v1.2.3.4"},
			{Text: "1.2.3.4.5"},
			{Text: "256.1.1.1"},
			{Text: "10.01.2.3"},
			{Text: "192.0.2.44 198.51.100.7 203.0.113.9 127.0.0.1"},
			{Text: "2001:db8::1"},
			{Text: "at 10:20:30 on 2024-01-01T10:20:30Z"},
			{Text: "mac 00:1a:2b:3c:4d:5e"},
			{Text: "std::vector<int> and ::1"},
			{Text: "1:2:3:4:5:6:7:8:9"},
			{Text: "OID 1.3.6.1.4.1"},
		},
	},
	{
		ID:       "JSON_WEB_TOKEN",
		Category: CategoryCredentials,
		Name:     "JSON Web Token",
		Matcher:  "jwt",
		Severity: severityHighAlways,
		Samples: []Sample{
			{Text: "Authorization: Bearer «eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0NzExIiwibmFtZSI6IkVyaWthIE11c3Rlcm1hbm4iLCJpYXQiOjE3MDAwMDAwMDB9.hF3oKlvFOYiKx4BUojmcz8n8wtoxzj3RZr3NOjOEfls»"},
			{Text: `{"token":"«eyJhbGciOiJub25lIn0.eyJzdWIiOiI0NzExIiwibmFtZSI6IkVyaWthIE11c3Rlcm1hbm4iLCJpYXQiOjE3MDAwMDAwMDB9.»"}`},
		},
		NegativeSamples: []Sample{
			// No "alg" in the header.
			{Text: "eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiI0NzExIiwibmFtZSI6IkVyaWthIE11c3Rlcm1hbm4iLCJpYXQiOjE3MDAwMDAwMDB9.hF3oKlvFOYiKx4BUojmcz8n8wtoxzj3RZr3NOjOEfls"},
			// Empty signature with a real algorithm.
			{Text: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0NzExIiwibmFtZSI6IkVyaWthIE11c3Rlcm1hbm4iLCJpYXQiOjE3MDAwMDAwMDB9."},
			// Payload is not a JSON object.
			{Text: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.c29tZXRoaW5n.hF3oKlvFOYiKx4BUojmcz8n8wtoxzj3RZr3NOjOEfls"},
			// Not bounded.
			{Text: "xeyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiI0NzExIiwibmFtZSI6IkVyaWthIE11c3Rlcm1hbm4iLCJpYXQiOjE3MDAwMDAwMDB9.hF3oKlvFOYiKx4BUojmcz8n8wtoxzj3RZr3NOjOEfls"},
			{Text: "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"},
		},
	},
	{
		ID:       "OPENSSH_PRIVATE_KEY",
		Category: CategoryCredentials,
		Name:     "OpenSSH private key",
		Matcher:  "pem",
		Labels:   []string{"OPENSSH PRIVATE KEY"},
		Severity: severityHighAlways,
		Samples: []Sample{
			{Text: "key:\n«-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n-----END OPENSSH PRIVATE KEY-----»\n"},
			{Text: "truncated «-----BEGIN OPENSSH PRIVATE KEY-----»\nb3BlbnNzaC1rZXktdjEAAAAABG5v"},
		},
		NegativeSamples: []Sample{
			{Text: "-----BEGIN OPENSSH PUBLIC KEY-----"},
			{Text: "-----BEGIN RSA PRIVATE KEY-----"},
			{Text: "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl user@host"},
		},
	},
	{
		ID:       "PKCS",
		Category: CategoryCredentials,
		Name:     "PKCS#1/PKCS#8 private key",
		Matcher:  "pem",
		Labels: []string{
			"PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "DSA PRIVATE KEY",
			"ENCRYPTED PRIVATE KEY",
		},
		Severity: severityHighAlways,
		Samples: []Sample{
			{Text: "«-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi\n-----END RSA PRIVATE KEY-----»"},
			{Text: "«-----BEGIN PRIVATE KEY-----\r\nMC4CAQAwBQYDK2VwBCIEIA==\r\n-----END PRIVATE KEY-----»\r\n«-----BEGIN EC PRIVATE KEY-----»\nMHcCAQEEI"},
			{Text: "«-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHDBOBgkqhkiG9w0BBQ0wQTApBgkqhkiG9w0BBQwwHAQI\n-----END ENCRYPTED PRIVATE KEY-----»"},
			{Text: "«-----BEGIN DSA PRIVATE KEY-----»\x00-----END DSA PRIVATE KEY-----"},
		},
		NegativeSamples: []Sample{
			{Text: "-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA\n-----END PUBLIC KEY-----"},
			{Text: "-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIU\n-----END CERTIFICATE-----"},
			{Text: "-----BEGIN RSA PUBLIC KEY-----"},
			{Text: "-----BEGIN PGP PRIVATE KEY BLOCK-----"},
		},
	},
	{
		ID:       "USA_SOCIAL_SECURITY_NUMBER",
		Category: CategoryPersonal,
		Name:     "US Social Security number",
		Keywords: []string{
			"social security", "social security number", "social security no",
			"social security#", "social sec", "socsec", "ssn", "ssns", "ssn#", "ss#",
		},
		KeywordRequired: true,
		Matcher:         "numeric",
		Numeric:         ssnShape,
		Severity:        severityByCount,
		Samples: []Sample{
			{Text: "SSN: «536-22-8726»"},
			{Text: "social security number «536 22 8726»"},
			{Text: "«536228726» (ssn#)"},
			{Field: "customer_ssn", Text: "«536-22-8726»\x00«401-32-7777»"},
			{Field: "$.customer.ssn", Text: "«536228726»"},
			{Field: "socialSecurityNumber", Text: "«536228726»"},
		},
		NegativeSamples: []Sample{
			{Text: "536-22-8726"},          // no keyword
			{Text: "ssn 000-22-8726"},      // area 000
			{Text: "ssn 666-22-8726"},      // area 666
			{Text: "ssn 936-22-8726"},      // area 9xx
			{Text: "ssn 536-00-8726"},      // group 00
			{Text: "ssn 536-22-0000"},      // serial 0000
			{Text: "ssn 078-05-1120"},      // the Woolworth wallet card
			{Text: "ssn 123-45-6789"},      // the textbook example
			{Text: "ssn 536-22 8726"},      // mixed separators
			{Text: "ssn 5362287261"},       // ten digits
			{Text: "ssn: 536-22-8726a"},    // not bounded
			{Text: "lessness 536-22-8726"}, // "ssn" only inside a word
			{Text: "ssn\x00536-22-8726"},   // keyword in another value
		},
	},
}

// Catalogue returns every managed identifier, sorted by ID. The Specs share
// their slices with the package: callers must not modify them.
func Catalogue() []Spec { return slices.Clone(catalogue()) }

// DefaultIDs returns the managed identifiers used when the user selects
// none: every identifier not marked OffByDefault (see the package doc for
// which are off and why), sorted by ID.
func DefaultIDs() []string {
	all := catalogue()
	ids := make([]string, 0, len(all))
	for i := range all {
		if !all[i].OffByDefault {
			ids = append(ids, all[i].ID)
		}
	}
	return ids
}

// specIndex returns the index of the identifier id in all (the catalogue,
// sorted by ID), or -1.
func specIndex(all []Spec, id string) int {
	lo, hi := 0, len(all)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if all[m].ID < id {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo < len(all) && all[lo].ID == id {
		return lo
	}
	return -1
}

func catalogueByID() map[string]*Spec {
	all := catalogue()
	m := make(map[string]*Spec, len(all))
	for i := range all {
		m[all[i].ID] = &all[i]
	}
	return m
}

// shapeMinDigits is the fewest digits any form of sh has.
func shapeMinDigits(sh *Numeric) int {
	m := 1 << 30
	for _, l := range sh.Lengths {
		m = min(m, l)
	}
	for _, g := range sh.Groups {
		sum := 0
		for _, l := range g {
			sum += l
		}
		m = min(m, sum)
	}
	return m
}
