// Package detectors is piiscan's identifier catalogue and matching engine.
//
// Identifiers are data: Catalogue returns one Spec row per managed
// identifier (Macie's ID, category, keywords, proximity, checksum, severity
// rule and its own positive and negative samples). Compile turns a selection
// of them, plus any custom data identifiers and allow lists, into an
// immutable Engine; each goroutine scans with its own Scanner.
//
// # The catalogue
//
// Every pattern-based Macie managed data identifier (credentials, card and
// bank data, per-country IBANs as Macie's <COUNTRY>_BANK_ACCOUNT_NUMBER,
// national, taxpayer, passport, licence and health identifiers, phone
// numbers, dates of birth, coordinates, VINs, cookies, medical device UDIs),
// with Macie's IDs, categories and keyword rules — TestMacieIDs holds the
// list from Macie's documentation — plus identifiers Macie lacks: e-mail and IP
// addresses, Japanese identifiers (individual and corporate numbers,
// passport, licence, bank account, phone) and national IDs with published
// check digits (China, Singapore, Netherlands, Poland, Sweden, Australia,
// Mexico, Chile, US routing numbers). Where a check digit is published it
// is validated (the check_*.go validators), even where Macie does not say
// it does; well-known example values (documentation keys, test cards, the
// NHS and MBI examples) are never reported. NAME and ADDRESS, which Macie
// finds with machine learning, are keyword-required shapes here (people.go),
// measured against the labeled corpus (scanner/accuracy_test.go).
//
// Where two countries share a shape (nine-digit passports in the UK and
// the US, eight-digit licences in the US and Australia), the generic
// keywords go to one and the other needs its national keyword; Spec.YieldsTo
// settles a value both claim.
//
// DefaultIDs, the set used when none is selected, is every identifier
// except those marked OffByDefault: the ones whose value is a short number
// or date that only a nearby keyword tells apart from ordinary data —
// CREDIT_CARD_EXPIRATION (MM/YY), CREDIT_CARD_SECURITY_CODE (three digits),
// DATE_OF_BIRTH, LATITUDE_LONGITUDE, the phone numbers and BRAZIL_CEP_CODE
// (a postal code). A keyword such as
// "expiry", "phone" or "dob" in a column name turns every value of the
// column into a finding; select them by ID when that is wanted. NAME is off
// too: its measured precision is below 0.9, as a "name" field may name a
// thing as well as a person. So is ADDRESS, precise but costly: it walks
// every value of an address column and every window around "address".
// EMAIL_ADDRESS, IP_ADDRESS and CREDIT_CARD_NUMBER_(NO_KEYWORD) are in the
// default set: they carry their own evidence (syntax, checksum).
//
// # The engine
//
// A scan is a few cheap passes over the buffer, never one regex call per
// value, and it allocates nothing per byte or per value:
//
//  1. Prefilter. Most bytes are not sensitive, so they are rejected by the
//     cheapest test that can reject them. One loop finds digit runs for
//     numeric identifiers, IPv4 addresses and IBANs (two uppercase letters
//     before the check digits) and drops short runs inline, asking a
//     64-byte window with one bit per digit (digitCursor) where runs start
//     and end; bytes.IndexByte (vectorised) finds '@' for e-mail
//     addresses and ':' for IPv6; literal anchors such as "AKIA",
//     "-----BEGIN " and "eyJ" are found by their two rarest bytes, 64
//     starts at a time (AVX-512; one pass tests the four anchors and each
//     search starts at its first candidate), or by the rarest with
//     IndexByte. With AVX-512 the digit loop decides short runs, and
//     tokens no numeric form fits ("ORD-2024-825818"), from the window's
//     byte classes, and passes hex digests and other alphanumeric tokens
//     64 bytes a step. One
//     keyword pass (kwIndex) finds
//     every keyword of every keyword-required shape and every anchor of
//     every anchored shape at once: it visits only word starts, found 64
//     bytes at a time (AVX-512) or eight (SWAR), and rejects nearly all of
//     them with one bit test on their first three bytes, then four (with
//     AVX-512 VBMI, table tests of the first two bytes and of the second
//     and third of all 64 starts come first). A
//     keyword-required identifier is
//     then looked for only in the characters around its keywords, so a
//     large catalogue costs little on data without keywords.

//  2. Confirm. The candidate's exact shape is checked by hand-written code:
//     the Numeric shapes (digit groups and separators) and the Shape
//     patterns, a compact per-identifier form ("AA999999A" for a UK NINO,
//     "AAAA999999AAAAAAX9" for a CURP; see Shape) run by one matcher,
//     after a test of the classes of the first eight bytes (prefixFilter)
//     has turned most positions away. The
//     patterns accept full-width digits (０-９) and hyphens (－, ー) as
//     Japanese forms write them; offsets stay byte offsets in the original
//     buffer and validators see ASCII.
//  3. Validate. Checksums and range rules (Luhn, ISO 7064 mod 97-10, 11-2
//     and 11,10, Verhoeff, mod 11 variants, DNI letters, date checks, SSN
//     ranges, JWT header decoding) run on a stack or scratch buffer. Most
//     candidates fail here, before anything is allocated.
//  4. Keywords. An identifier that needs a keyword looks for one within its
//     proximity (in characters) on either side of the value, inside the same
//     NUL-delimited value, or takes it from the field name (see
//     Engine.Field). Keywords match case-insensitively on ASCII word
//     boundaries; '_', '-', '.' and camelCase count as word separators.
//     Non-ASCII keywords (マイナンバー, 法人番号, 口座番号) match anywhere.
//  5. Allow lists. A match whose text is allowed by any allow list is
//     dropped.
//
// The 64-byte loops use Go's experimental simd/archsimd package: they are
// built only with GOEXPERIMENT=simd on amd64 (the Makefile's release build,
// the benchmarks and the Docker image set it) and run only on CPUs with
// AVX-512; otherwise the portable loops run. Both are tested against the
// same references (make test runs this package in both builds).
//
// Engine.Explain runs the same passes but records every candidate and why
// it was dropped ("checksum failed", "no keyword within 30 characters",
// "allow-listed", "known example value"), for `piiscan identifiers test`.
//
// Custom data identifiers are RE2 patterns (github.com/wasilibs/go-re2,
// linear time, so a user's pattern cannot hang a scan), run once over the
// whole buffer, rewritten at Compile time so that no match can contain a NUL.
// Their anchors apply to each value: ^ and \A match at the start of a
// value (a cell, a JSON value) and $ and \z at its end, so that ^\d{9}$
// finds every nine-digit cell of a column. In text, as Macie's guidance for
// custom identifiers says, they match at the start and end of the object,
// not of a line, unless the pattern asks for lines with (?m). A pattern
// with anchors runs with them made empty over the buffer; ^X$ and ^X are
// then decided from where each candidate lies (leftmost-longest for ^X$),
// and so are (?m)^X$ and (?m)^X when X cannot match a line break,
// and any other use of anchors runs the pattern again on each value that
// holds a candidate. A pattern whose matches cannot hold a line break and
// all contain a case-sensitive literal of two or more bytes (EMP- in
// \bEMP-\d{6}\b) runs only on the lines that hold the literal, found with
// bytes.Index; lacking one, a literal ignoring case ((?i)acct, found eight
// bytes at a time), or a run of 9 or more digits (\b\d{9}\b, found with
// vector compares), unless candidates or windows are dense enough that one
// run over the buffer costs less; one that starts with
// \b (or \B) and a literal otherwise runs only on the lines or values
// around the matches of the pattern without the \b (RE2 then looks for the
// literal first, which the assertion in front turned off). 3-60x faster in
// BenchmarkScanCustomLead. A match is dropped if it contains an ignore word; a
// keyword counts if it precedes the match within maximumMatchDistance or,
// as Macie does in structured data, if it is in the field name.
//
// Byte 0 (NUL) is a hard boundary: structured chunks put it between values,
// and no match or keyword window crosses it. Newlines are not boundaries.
//
// Distances are in characters (UTF-8 sequences). A managed identifier's
// keyword is "within Proximity" when at most Proximity characters lie
// between the keyword and the value, on either side. A custom identifier's
// keyword must end before the match starts, with at most
// maximumMatchDistance characters from the keyword's end to the match's end,
// as Macie defines it.
//
// IP addresses: a dotted quad is a whole token, so version strings
// ("v1.2.3.4", "1.2.3.4.5") and OIDs are not addresses; loopback, 0/8,
// broadcast and the documentation ranges are not reported. IPv6 addresses
// are matched in their RFC 4291 text forms, except the embedded-IPv4 form.
//
// Known limits: shape repetitions ({m,n}) are
// greedy without backtracking. Phone numbers of the non-English-speaking
// countries need a keyword in the national language (local formats
// overlap between countries).
package detectors
