// Package awsclient builds the AWS SDK configuration and clients piiscan uses:
// the standard credential chain (config.LoadDefaultConfig: environment,
// shared profiles, SSO, web identity, ECS and IMDSv2 roles), an optional role
// to assume, an S3 endpoint for S3-compatible stores with path-style
// addressing, and the region of a bucket when none is configured.
package awsclient
