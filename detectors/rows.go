package detectors

// Helpers that keep the catalogue files tables rather than code.

// kwShapeRow is a keyword-required shape identifier with the usual
// severity rule.
func kwShapeRow(id string, cat Category, name string, kws []string, sh *Shape, checksum string, pos, neg []Sample) Spec {
	return Spec{
		ID: id, Category: cat, Name: name, Keywords: kws, KeywordRequired: true,
		Matcher: "shape", Shape: sh, Checksum: checksum, Severity: severityByCount,
		Samples: pos, NegativeSamples: neg,
	}
}

// texts turns sample texts into Samples without field names.
func texts(ts ...string) []Sample {
	out := make([]Sample, len(ts))
	for i, t := range ts {
		out[i] = Sample{Text: t}
	}
	return out
}

// atoi2 returns the value of two ASCII digits.
func atoi2(b []byte) int { return int(b[0]-'0')*10 + int(b[1]-'0') }

// calendarDate reports whether y-m-d is a calendar date with y in [lo, hi].
func calendarDate(y, m, d, lo, hi int) bool {
	if y < lo || y > hi || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && y%4 == 0 && (y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

// yieldsTo marks sp as giving way, on the same value, to the identifiers
// ids (whose keywords are more specific).
func yieldsTo(sp Spec, ids ...string) Spec {
	sp.YieldsTo = ids
	return sp
}

// literal escapes s for a Shape pattern: every byte matches itself.
func literal(s string) string {
	b := make([]byte, 0, 2*len(s))
	for i := 0; i < len(s); i++ {
		b = append(b, '\\', s[i])
	}
	return string(b)
}

// offByDefault leaves sp out of DefaultIDs (see the package doc).
func offByDefault(sp Spec) Spec {
	sp.OffByDefault = true
	return sp
}
