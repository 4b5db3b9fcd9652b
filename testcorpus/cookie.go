package testcorpus

// HTTP Cookie headers, planted in free text as the last thing on their line
// (the rules take a cookie's value to the end of the line): "Cookie: " and
// name=value pairs. No keyword is needed. The hard negative is a header
// whose value was redacted, with no name=value pair.

const (
	TypeHTTPCookie      = "HTTP_COOKIE"
	NegCookieRedacted   = "cookie_redacted" // "Cookie: <redacted>"
	cookieSessionLength = 24
)

var cookieSpec = idSpec{
	typ:      TypeHTTPCookie,
	phrases:  []phrase{{"", ""}, {"Request header ", ""}, {"proxy logged ", ""}},
	gen:      cookieHeader,
	negs:     []idNeg{{NegCookieRedacted, false, func(r *rng) string { return "Cookie: " + pick(r, cookieRedactions) }}},
	endsLine: true,
}

var cookieRedactions = []string{"<redacted>", "[filtered]", "(none)", "***", "<omitted>"}

// cookieHeader returns "Cookie: sessionid=<hex>" and one or two more pairs.
func cookieHeader(r *rng) string {
	b := []byte("Cookie: sessionid=")
	b = r.hex(b, cookieSessionLength)
	if r.intn(2) == 0 {
		b = append(b, "; csrftoken="...)
		b = r.fromSet(b, alnumChars, 20)
	}
	b = append(b, "; lang="...)
	b = append(b, pick(r, []string{"en", "de", "fr", "es", "ja"})...)
	return string(b)
}
