// Package testcorpus generates the ground truth piiscan's accuracy is measured
// against: deterministic, seeded files in every supported format with
// identifiers planted at known places, and a manifest saying where each one
// is (in Macie's occurrence terms) and where the hard negatives are — values
// built to look like an identifier that a correct detector must not report.
//
// The package imports nothing of piiscan's: the rules it plants by (issuer
// prefixes, Luhn, mod-97, SSN ranges, keyword proximity) are implemented here
// a second time, independently of the detectors they check.
//
// Every file of format F with index i depends only on (seed, F, i), so the
// same options always give byte-identical files and manifest, and a larger
// Files count only adds files.
package testcorpus
