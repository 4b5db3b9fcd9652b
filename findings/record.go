package findings

import (
	"fmt"
	"time"
)

// SchemaVersion is the value of a Record's schemaVersion: the version of
// Macie's finding schema these records follow.
const SchemaVersion = "1.0"

// CategoryClassification is a Record's category: Macie's category for
// sensitive data findings and discovery results (policy findings are
// "POLICY").
const CategoryClassification = "CLASSIFICATION"

// OriginSensitiveDataDiscoveryJob is Macie's originType for results of a
// sensitive data discovery job, the default for JobInfo.OriginType.
const OriginSensitiveDataDiscoveryJob = "SENSITIVE_DATA_DISCOVERY_JOB"

// Categories of sensitive data, as Macie spells them in sensitiveData[].category.
const (
	CategoryCredentials      = "CREDENTIALS"
	CategoryFinancial        = "FINANCIAL_INFORMATION"
	CategoryPersonal         = "PERSONAL_INFORMATION"
	CategoryCustomIdentifier = "CUSTOM_IDENTIFIER"
)

// Status codes of a result (classificationDetails.result.status.code).
const (
	StatusComplete = "COMPLETE" // the whole object was analysed
	StatusPartial  = "PARTIAL"  // only some of the object was analysed
	StatusSkipped  = "SKIPPED"  // none of the object could be analysed
)

// Reasons for a PARTIAL or SKIPPED status, as Macie spells them
// (ClassificationResultStatus.reason). The scanner may pass others; they
// are reported as given.
const (
	ReasonArchiveContainsUnprocessedFiles         = "ARCHIVE_CONTAINS_UNPROCESSED_FILES"
	ReasonArchiveExceedsSizeLimit                 = "ARCHIVE_EXCEEDS_SIZE_LIMIT"
	ReasonArchiveNestingLevelOverLimit            = "ARCHIVE_NESTING_LEVEL_OVER_LIMIT"
	ReasonArchiveTotalBytesExtractedOverLimit     = "ARCHIVE_TOTAL_BYTES_EXTRACTED_OVER_LIMIT"
	ReasonArchiveTotalDocumentsProcessedOverLimit = "ARCHIVE_TOTAL_DOCUMENTS_PROCESSED_OVER_LIMIT"
	ReasonFileExceedsSizeLimit                    = "FILE_EXCEEDS_SIZE_LIMIT"
	ReasonInvalidEncryption                       = "INVALID_ENCRYPTION"
	ReasonInvalidKMSKey                           = "INVALID_KMS_KEY"
	ReasonInvalidObjectState                      = "INVALID_OBJECT_STATE"
	ReasonJSONNestingLevelOverLimit               = "JSON_NESTING_LEVEL_OVER_LIMIT"
	ReasonMalformedFile                           = "MALFORMED_FILE"
	ReasonMalformedOrFileSizeExceedsLimit         = "MALFORMED_OR_FILE_SIZE_EXCEEDS_LIMIT"
	ReasonNoSuchBucketAvailable                   = "NO_SUCH_BUCKET_AVAILABLE"
	ReasonObjectVersionMismatch                   = "OBJECT_VERSION_MISMATCH"
	ReasonOutOfMemory                             = "OOM"
	ReasonPermissionDenied                        = "PERMISSION_DENIED"
	ReasonSourceObjectNoLongerAvailable           = "SOURCE_OBJECT_NO_LONGER_AVAILABLE"
	ReasonUnsupportedFileTypeException            = "UNSUPPORTED_FILE_TYPE_EXCEPTION"
	ReasonUnsupportedObjectType                   = "UNSUPPORTED_OBJECT_TYPE"
	ReasonUnknown                                 = "UNKNOWN"
)

// Record is one sensitive data discovery result: the analysis record for one
// object (or, with ResourcesAffected.S3Object.EmbeddedFileDetails set, for
// one file extracted from an archive object). Field names are Macie's.
//
// Type and Severity are set only when the record reports sensitive data;
// they follow Macie's rules for sensitive data findings: the type from the
// categories found (FindingType), the severity the highest of the
// detections' (Aggregator.Build). A Record never contains a matched value.
type Record struct {
	SchemaVersion         string                `json:"schemaVersion"`
	ID                    string                `json:"id"`
	AccountID             string                `json:"accountId,omitempty"`
	Partition             string                `json:"partition,omitempty"`
	Region                string                `json:"region,omitempty"`
	Category              string                `json:"category"`
	Type                  string                `json:"type,omitempty"`
	Severity              Severity              `json:"severity,omitzero"`
	CreatedAt             Timestamp             `json:"createdAt"`
	UpdatedAt             Timestamp             `json:"updatedAt"`
	ClassificationDetails ClassificationDetails `json:"classificationDetails"`
	ResourcesAffected     ResourcesAffected     `json:"resourcesAffected"`
}

// ClassificationDetails says which job produced the record and what it found.
type ClassificationDetails struct {
	// DetailedResultsLocation is where the full discovery result is stored
	// (s3://bucket/prefix/...); omitted when results are not stored.
	DetailedResultsLocation string `json:"detailedResultsLocation,omitempty"`
	// JobArn is omitted for local scans, which have no ARN.
	JobArn     string               `json:"jobArn,omitempty"`
	JobID      string               `json:"jobId"`
	OriginType string               `json:"originType"`
	Result     ClassificationResult `json:"result"`
}

// ClassificationResult is the outcome of analysing the object.
type ClassificationResult struct {
	// AdditionalOccurrences is true when some detection in this record counts
	// more occurrences than it lists: past the cap, or (for an archive's own
	// record) listed in the records of the archive's files.
	AdditionalOccurrences bool                  `json:"additionalOccurrences"`
	CustomDataIdentifiers CustomDataIdentifiers `json:"customDataIdentifiers"`
	MimeType              string                `json:"mimeType,omitempty"`
	SensitiveData         []SensitiveDataItem   `json:"sensitiveData"`
	SizeClassified        int64                 `json:"sizeClassified"`
	Status                ClassificationStatus  `json:"status"`
}

// ClassificationStatus is Macie's ClassificationResultStatus: Code is one of
// the Status constants; Reason is empty (omitted) for COMPLETE.
type ClassificationStatus struct {
	Code   string `json:"code"`
	Reason string `json:"reason,omitempty"`
}

// SensitiveDataItem groups the managed-identifier detections of one category.
// TotalCount is the sum of its detections' counts.
type SensitiveDataItem struct {
	Category   string             `json:"category"`
	Detections []DefaultDetection `json:"detections"`
	TotalCount int64              `json:"totalCount"`
}

// DefaultDetection is one type of sensitive data found by a managed data
// identifier: Count occurrences, of which Occurrences lists the first ones
// (at most the aggregator's cap).
type DefaultDetection struct {
	Count       int64        `json:"count"`
	Occurrences *Occurrences `json:"occurrences,omitempty"`
	Type        string       `json:"type"`

	// Severity is the severity the scanner's catalogue gave this type for
	// Count occurrences. It is not part of Macie's schema and is not
	// serialised; the Summary uses it.
	Severity Severity `json:"-"`
}

// CustomDataIdentifiers lists the custom data identifiers that matched.
// TotalCount is the sum of its detections' counts.
type CustomDataIdentifiers struct {
	Detections []CustomDetection `json:"detections"`
	TotalCount int64             `json:"totalCount"`
}

// CustomDetection is one custom data identifier's matches. Arn is omitted
// when the identifier has none (local configuration).
type CustomDetection struct {
	Arn         string       `json:"arn,omitempty"`
	Count       int64        `json:"count"`
	Name        string       `json:"name"`
	Occurrences *Occurrences `json:"occurrences,omitempty"`

	// Severity: as DefaultDetection.Severity; not serialised.
	Severity Severity `json:"-"`
}

// Occurrences locates occurrences of one type. Only the kinds that apply to
// the object are present: lineRanges for text, cells for CSV/TSV and
// spreadsheets, records for JSON, JSON Lines, Avro and Parquet, pages for
// PDF, offsetRanges for binary text.
type Occurrences struct {
	Cells        []Cell           `json:"cells,omitempty"`
	LineRanges   []Range          `json:"lineRanges,omitempty"`
	OffsetRanges []Range          `json:"offsetRanges,omitempty"`
	Pages        []Page           `json:"pages,omitempty"`
	Records      []RecordLocation `json:"records,omitempty"`
}

// Cell locates an occurrence in a table: Row and Column are 1-based,
// ColumnName is the header when there is one, CellReference the
// spreadsheet-style reference ("B7") for workbooks only.
type Cell struct {
	CellReference string `json:"cellReference,omitempty"`
	Column        int64  `json:"column"`
	ColumnName    string `json:"columnName,omitempty"`
	Row           int64  `json:"row"`
}

// Range locates an occurrence in lines (lineRanges: Start and End are 1-based
// line numbers, StartColumn the 1-based column on line Start) or in bytes
// (offsetRanges).
type Range struct {
	End         int64 `json:"end"`
	Start       int64 `json:"start"`
	StartColumn int64 `json:"startColumn"`
}

// Page locates an occurrence on a page of a document; PageNumber is 1-based.
type Page struct {
	LineRange   Range `json:"lineRange,omitzero"`
	OffsetRange Range `json:"offsetRange,omitzero"`
	PageNumber  int64 `json:"pageNumber"`
}

// RecordLocation is Macie's Record occurrence: RecordIndex is the 0-based
// index of the record (the JSON Lines line, the Avro or Parquet row), and
// JSONPath the path to the field ("$.customer.ssn", "$.cards[2].number").
// It is named RecordLocation here because Record is the result record.
type RecordLocation struct {
	JSONPath    string `json:"jsonPath,omitempty"`
	RecordIndex int64  `json:"recordIndex"`
}

// ResourcesAffected is the object analysed. S3Bucket is omitted for local
// files, which have no bucket.
type ResourcesAffected struct {
	S3Bucket *S3Bucket `json:"s3Bucket,omitempty"`
	S3Object S3Object  `json:"s3Object"`
}

// S3Bucket is the bucket that holds the object.
type S3Bucket struct {
	Arn  string `json:"arn,omitempty"`
	Name string `json:"name"`
	// The bucket's properties that could be read; each is omitted when it
	// could not be (access denied, or a store that lacks the call).
	DefaultServerSideEncryption *ServerSideEncryption `json:"defaultServerSideEncryption,omitempty"`
	Owner                       *S3BucketOwner        `json:"owner,omitempty"`
	PublicAccess                *BucketPublicAccess   `json:"publicAccess,omitempty"`
	Tags                        []KeyValuePair        `json:"tags,omitempty"`
}

// S3BucketOwner is the bucket owner's canonical user.
type S3BucketOwner struct {
	DisplayName string `json:"displayName,omitempty"`
	ID          string `json:"id,omitempty"`
}

// BucketPublicAccess says whether the bucket is public: EffectivePermission
// is PUBLIC, NOT_PUBLIC or UNKNOWN, from the bucket's policy status and its
// public access block.
type BucketPublicAccess struct {
	EffectivePermission     string                         `json:"effectivePermission"`
	PermissionConfiguration *BucketPermissionConfiguration `json:"permissionConfiguration,omitempty"`
}

// BucketPermissionConfiguration holds the bucket-level settings read.
type BucketPermissionConfiguration struct {
	BucketLevelPermissions *BucketLevelPermissions `json:"bucketLevelPermissions,omitempty"`
}

// BucketLevelPermissions holds the bucket's public access block.
type BucketLevelPermissions struct {
	BlockPublicAccess *BlockPublicAccess `json:"blockPublicAccess,omitempty"`
}

// BlockPublicAccess is S3's public access block configuration.
type BlockPublicAccess struct {
	BlockPublicAcls       bool `json:"blockPublicAcls"`
	BlockPublicPolicy     bool `json:"blockPublicPolicy"`
	IgnorePublicAcls      bool `json:"ignorePublicAcls"`
	RestrictPublicBuckets bool `json:"restrictPublicBuckets"`
}

// KeyValuePair is a tag.
type KeyValuePair struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// S3Object is the object analysed. Unknown properties are omitted rather
// than guessed.
type S3Object struct {
	BucketArn            string                `json:"bucketArn,omitempty"`
	EmbeddedFileDetails  *EmbeddedFileDetails  `json:"embeddedFileDetails,omitempty"`
	ETag                 string                `json:"eTag,omitempty"`
	Extension            string                `json:"extension,omitempty"`
	Key                  string                `json:"key"`
	LastModified         Timestamp             `json:"lastModified,omitzero"`
	Path                 string                `json:"path"`
	ServerSideEncryption *ServerSideEncryption `json:"serverSideEncryption,omitempty"`
	Size                 int64                 `json:"size"`
	StorageClass         string                `json:"storageClass,omitempty"`
	VersionID            string                `json:"versionId,omitempty"`
}

// ServerSideEncryption is how the object is encrypted at rest: EncryptionType
// is "NONE", "AES256", "aws:kms" or "aws:kms:dsse"; KmsMasterKeyID the key.
type ServerSideEncryption struct {
	EncryptionType string `json:"encryptionType"`
	KmsMasterKeyID string `json:"kmsMasterKeyId,omitempty"`
}

// EmbeddedFileDetails describes a file extracted from an archive object.
// Macie reports it on resourcesAffected.s3Object of the record for that file.
// FilePath is the path inside the archive; FileExtension has no dot.
type EmbeddedFileDetails struct {
	FilePath         string    `json:"filePath"`
	FileExtension    string    `json:"fileExtension,omitempty"`
	FileSize         int64     `json:"fileSize"`
	FileLastModified Timestamp `json:"fileLastModified,omitzero"`
}

// TotalCount returns the number of occurrences of sensitive data the record
// reports, managed and custom.
func (r *Record) TotalCount() int64 {
	n := r.ClassificationDetails.Result.CustomDataIdentifiers.TotalCount
	for i := range r.ClassificationDetails.Result.SensitiveData {
		n += r.ClassificationDetails.Result.SensitiveData[i].TotalCount
	}
	return n
}

// timeLayout is RFC 3339 in UTC with milliseconds, as Macie writes its
// timestamps ("2020-05-15T20:46:56.354Z").
const timeLayout = "2006-01-02T15:04:05.000Z"

// Timestamp is a time written in JSON as RFC 3339 in UTC with milliseconds.
// The zero Timestamp is omitted by fields tagged omitzero.
type Timestamp struct{ time.Time }

// TimestampOf returns t as a Timestamp.
func TimestampOf(t time.Time) Timestamp { return Timestamp{t} }

// MarshalJSON writes the time in UTC, to the millisecond.
func (t Timestamp) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, len(timeLayout)+2)
	b = append(b, '"')
	b = t.UTC().AppendFormat(b, timeLayout)
	return append(b, '"'), nil
}

// UnmarshalJSON reads an RFC 3339 time (any precision, any offset) or null.
func (t *Timestamp) UnmarshalJSON(b []byte) error {
	if string(b) == "null" {
		*t = Timestamp{}
		return nil
	}
	if len(b) < 2 || b[0] != '"' || b[len(b)-1] != '"' {
		return fmt.Errorf("timestamp: want a JSON string, got %d bytes", len(b))
	}
	v, err := time.Parse(time.RFC3339Nano, string(b[1:len(b)-1]))
	if err != nil {
		return fmt.Errorf("timestamp: %w", err)
	}
	t.Time = v
	return nil
}
