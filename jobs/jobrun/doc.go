// Package jobrun runs a job definition (package jobs) against AWS or an
// S3-compatible store: it is what `piiscan job run` and the daemon's
// scheduler do between reading a job file and printing its summary.
//
// A run reads the definition (ReadDefinition, from a file or S3), loads the
// job's custom data identifiers and allow lists from the locations its
// settings name (Resources), opens its results repository and checks that
// results can be stored before anything is listed, resolves the buckets
// the job covers (Buckets: its bucketDefinitions, or the account's buckets
// its bucketCriteria select), and hands one source over those buckets to
// jobs.Execute (Run). OpenRepository opens the same repository for reading,
// as `job summary` and the daemon's last-success metric do.
//
// Every AWS request goes through the AWS interface, so that the package is
// tested with in-process fakes and a command that needs no AWS (a local job
// with local resources) never loads an AWS configuration. NewAWS adapts
// awsclient's clients to it.
package jobrun
