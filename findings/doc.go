// Package findings is piiscan's result model and where results go.
//
// A Record is one sensitive data discovery result: the analysis record that
// Amazon Macie writes for each S3 object it analyses, with Macie's JSON field
// names (classificationDetails, resourcesAffected, sensitiveData, detections,
// occurrences, ...), plus the finding-level severity and type that Macie
// computes for a sensitive data finding. A record carries categories, types,
// counts and locations (line ranges, cells, records, pages); it never carries
// a matched value, and nothing in this package can hold one.
//
// The scanner feeds one object's detections to an Aggregator (Add, then
// Build), hands the Record to a Sink (JSON Lines here; the S3 results
// repository elsewhere), and folds it into a Summary for people (WriteTable)
// and machines (JSON).
//
// Sources followed (Amazon Macie User Guide and API Reference):
//   - "JSON schema for sensitive data locations" (findings-locate-sd-schema):
//     cells, lineRanges, offsetRanges, pages, records; as many as 1,000
//     occurrences of each type in a discovery result.
//   - API Reference "Findings" (findings-describe): ClassificationDetails,
//     ClassificationResult, ClassificationResultStatus, SensitiveDataItem,
//     DefaultDetection, CustomDataIdentifiers, CustomDetection, Occurrences,
//     Cell, Range, Record, Page, ResourcesAffected, S3Bucket, S3Object,
//     Severity.
//   - "Severity scoring for Macie findings" (findings-severity): score 1 Low,
//     2 Medium, 3 High; a finding takes the highest severity of its types.
//   - "Types of Amazon Macie findings" (findings-types):
//     SensitiveData:S3Object/Credentials|CustomIdentifier|Financial|Multiple|Personal.
//   - AWS's sample Athena table over discovery results
//     (aws-samples/amazon-macie-results-analytics): the top-level keys of a
//     discovery result and resourcesAffected.s3Object.embeddedFileDetails
//     {filePath, fileExtension, fileSize, fileLastModified} for files
//     extracted from archives.
//
// This package imports nothing else of piiscan's: the scanner translates
// detector and source types into these.
package findings
