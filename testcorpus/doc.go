// Package testcorpus generates the ground truth piiscan's accuracy is measured
// against: deterministic, seeded files in every supported format with
// identifiers planted at known places, and a manifest saying where each one
// is (in Macie's occurrence terms) and where the hard negatives are — values
// built to look like an identifier that a correct detector must not report.
//
// The package imports nothing of piiscan's: the rules it plants by (issuer
// prefixes, Luhn, mod-97, SSN ranges, Verhoeff, mod 11, the DNI letter, the
// VIN check digit, Japan's My Number and corporate number check digits,
// keyword proximity) are implemented here a second time, from their
// published definitions, independently of the detectors they check.
//
// # Types
//
// Types lists what is planted. The first nine go in typed columns and JSON
// fields as well as in free text; the further types (identifiers_values.go)
// go in free text: text and log lines and the notes or comment field of the
// tables and JSON records, each in a phrase that puts one of its keywords
// right before it when its rule needs one. Their hard negatives sit in the
// same phrases (a check digit off, a wrong length or letter) or in phrases
// with no keyword at all.
//
// People's full names and street addresses (people.go: NAME and ADDRESS,
// Macie's machine-learned types) are labeled wherever the generator writes
// one: the name, holder and address columns and JSON fields, and phrases in
// free text, some with a keyword ("Dear …", "Shipping address: …") and some
// without. Filler names no one. Their hard negatives are capitalised
// phrases that name no person ("June Report", "Austin Office") and counts
// of things that read like a house number and a street ("3 Drive Bays");
// order items' names under a "name" key ("Desk Lamp") are filler, which a
// name detector keyed on "name" reports falsely.
//
// The national identifiers with a check digit (national_values.go: CNPJ,
// RUT, PESEL, BSN, CURP, codice fiscale, Steuer-ID, NIR, Medicare, TFN,
// ABA, DEA and more) and the IBANs of Macie's per-country bank account
// identifiers (country_iban.go), and track 1 magnetic stripe data
// (magstripe.go), are planted the same way, each national
// value after a keyword of its own type and of no other, in one of the
// layouts the rules list; their hard negatives are the same shapes with the
// check digit wrong (and, for IBANs, with the length wrong). Their check
// digits are implemented here from the published definitions
// (national_checks.go), and the audit reads them back in every planted
// layout (audit_national_test.go). An HR export (csv/employees-*.csv) holds
// the common ones a second time, each in a column whose name is one of its
// keywords (tfn, routing_number, pesel, codice_fiscale, nino…), the value
// alone in the cell.
//
// Where Macie's documentation leaves a reading open, the corpus is built to
// hold under every reading: a Japanese corporate number always has 法人番号
// next to it and never appears without it; a Stripe key always has the word
// "stripe" near it. One choice no layout can avoid: in text, an
// HTTP_BASIC_AUTH_HEADER label's column is that of "Authorization" in
// "Authorization: Basic <base64 of user:password>", the header the
// identifier is named for (not that of "Basic" or of the base64).
//
// # Determinism
//
// Every file of format F with index i depends only on (seed, F, i), so the
// same options always give byte-identical files and manifest, whatever the
// number of workers, and a larger Files count only adds files.
//
// # What the manifest promises
//
//   - Every label's value is at its location, and is unique in its file.
//     Within a file no two labels share a type and a location; at most 999
//     labels per type (Macie's cap is 1,000 occurrences per type per object).
//   - A negative never shares its location (a line, a cell, a JSON path) with
//     a label, so nothing at all may be reported there.
//   - Everything else is filler that no reading of the rules can take for an
//     identifier: every number is checked with this package's validators and
//     redrawn on a collision (no 13–19 digit run or grouping with an issuer
//     prefix passes Luhn, no German IBAN, no SSN near an SSN keyword, no
//     AKIA key, no @, no eyJ… token, no IP address, no number passing a
//     national identifier's check digit near that identifier's keyword, no
//     13-digit number passing the Japanese corporate number check, no phone
//     number, no word of Macie's other keyword types such as "birth",
//     "passport" or "phone"). Any finding outside the labels is a false
//     positive.
//   - Nothing depends on a reading of the rules the rules leave open: keyword
//     status is the same whether '_' counts as a word character or not,
//     whether a plural ("cards") counts, and whether a detector looks across
//     a line break; values without a keyword have none within 40 characters,
//     values with one have it right next to them. The package's tests check
//     all of this by reading the files back with the standard library and
//     applying a reference reading of the rules (audit_test.go).
//
// # Density
//
// Options.Density is the fraction of values planted as identifiers, and the
// same share again as hard negatives. A value is a CSV/TSV cell or a JSON
// leaf; a line of text counts as five values. Only slots meant for an
// identifier (an email column, a notes column, a card_number key…) are
// planted, each with chance Density × (values per row ÷ such slots per row).
// The name, holder and address fields (people.go) are the exception: they
// hold a person's name or street address, a NAME or ADDRESS label, in every
// row while the file has room for such labels, as a customer export does;
// at Density 0 they are empty, so that nothing at all is planted.
package testcorpus
