package detectors

import "bytes"

const (
	awsKeyIDLen     = 20
	awsSecretKeyLen = 40
)

// awsKeyIDAt checks for an access key ID, (AKIA|ASIA)[A-Z2-7]{16} not inside
// a longer word, at data[at] and returns its end. AWS's documentation
// examples (ending in "EXAMPLE") are skipped.
func awsKeyIDAt(data []byte, at int) (int, bool) {
	end := at + awsKeyIDLen
	if end > len(data) || data[at] != 'A' || data[at+2] != 'I' || data[at+3] != 'A' || (data[at+1] != 'K' && data[at+1] != 'S') || (at > 0 && isAlnum(data[at-1])) || (end < len(data) && isAlnum(data[end])) {
		return 0, false
	}
	for _, c := range data[at+4 : end] {
		if !isUpper(c) && (c < '2' || c > '7') {
			return 0, false
		}
	}
	if bytes.HasSuffix(data[at:end], []byte("EXAMPLE")) {
		return 0, false
	}
	return end, true
}

func isSecretKeyChar(c byte) bool { return isAlnum(c) || c == '/' || c == '+' }

// awsSecretKeyAt checks the 40-character token data[st:en], which is a
// maximal run of [A-Za-z0-9/+], for being a plausible secret access key:
// not followed by '=' (then it is the tail of a longer base64 value; '='
// before it is fine, as in AWS_SECRET_ACCESS_KEY=...), holding both upper-
// and lowercase letters (a random 40-character key lacks one with
// probability below 1e-8, while 40-character hex digests, the commonest
// lookalike, always lack uppercase), and not an AWS documentation example.
func awsSecretKeyAt(data []byte, st, en int) bool {
	if en < len(data) && data[en] == '=' {
		return false
	}
	upper, lower := false, false
	for _, c := range data[st:en] {
		upper = upper || isUpper(c)
		lower = lower || isLower(c)
	}
	if !upper || !lower {
		return false
	}
	tok := data[st:en]
	return !bytes.HasSuffix(tok, []byte("EXAMPLEKEY")) && !bytes.HasSuffix(tok, []byte("EXAMPLE"))
}
