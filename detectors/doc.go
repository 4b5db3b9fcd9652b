// Package detectors is piiscan's identifier catalogue and matching engine.
//
// Identifiers are data: Catalogue returns one Spec row per managed
// identifier (Macie's ID, category, keywords, proximity, checksum, severity
// rule and its own positive and negative samples). Compile turns a selection
// of them, plus any custom data identifiers and allow lists, into an
// immutable Engine; each goroutine scans with its own Scanner.
//
// A scan is a few cheap passes over the buffer, never one regex call per
// value, and it allocates nothing per byte or per value:
//
//  1. Prefilter. Most bytes are not sensitive, so they are rejected by the
//     cheapest test that can reject them: one loop, eight bytes per step
//     (SWAR), finds digit runs for numeric identifiers and drops short ones
//     inline; bytes.IndexByte (vectorised) finds '@' for e-mail addresses and
//     the rarest byte of literal anchors such as "AKIA", "-----BEGIN " and
//     "eyJ"; identifiers that are only sensitive next to a keyword (AWS
//     secret keys) are looked for only around that keyword.
//  2. Confirm. The candidate's exact shape is checked by hand-written code
//     (group lengths and separators, character classes, boundaries). The
//     built-in shapes are simple enough that hand-written code is both
//     clearer and several times faster than calling a regex engine on every
//     candidate window.
//  3. Validate. Checksums and range rules (Luhn, ISO 7064 mod 97, SSN
//     ranges, JWT header decoding) run on a stack buffer. Most candidates
//     fail here, before anything is allocated.
//  4. Keywords. An identifier that needs a keyword looks for one within its
//     proximity (in characters) on either side of the value, inside the same
//     NUL-delimited value, or takes it from the field name (see
//     Engine.Field). Keywords match case-insensitively on ASCII word
//     boundaries; '_', '-', '.' and camelCase count as word separators.
//  5. Allow lists. A match whose text is allowed by any allow list is
//     dropped.
//
// Custom data identifiers are RE2 patterns (github.com/wasilibs/go-re2,
// linear time, so a user's pattern cannot hang a scan), run once over the
// whole buffer, rewritten at Compile time so that no match can contain a NUL.
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
// Known limits: custom identifiers take no keyword from field names, and
// "^"/"$" in a custom pattern anchor to the scanned buffer (or line, with
// (?m)), not to each NUL-separated value.
package detectors
