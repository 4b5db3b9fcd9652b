package findings

import (
	"strconv"
	"time"
	"unicode/utf8"
)

// AppendJSON appends r's JSON encoding to dst and returns the extended
// slice. The bytes are exactly those encoding/json writes for r: with
// escapeHTML, those of json.Marshal(r); without, those of a json.Encoder
// with SetEscapeHTML(false), less Encode's trailing newline. A nil r is
// null.
//
// Records are written by hand rather than by reflection because a scan
// writes one per object, each with up to DefaultMaxOccurrences locations per
// type, and reflection made encoding them a visible share of a scan's CPU.
// TestAppendJSONMatchesEncodingJSON keeps the two in step, field by field.
func (r *Record) AppendJSON(dst []byte, escapeHTML bool) []byte {
	if r == nil {
		return append(dst, "null"...)
	}
	e := recordEncoder{dst: dst, escapeHTML: escapeHTML}
	e.record(r)
	return e.dst
}

// MarshalJSON returns r.AppendJSON(nil, false). encoding/json compacts what a
// Marshaler returns and, when it escapes HTML, escapes <, > and & in it
// there; since only strings can hold those, json.Marshal(r) and an Encoder
// without HTML escaping both write what they would by reflection. (A struct
// that embedded Record would take this method too, and encode as the Record
// alone: name the field instead.)
func (r *Record) MarshalJSON() ([]byte, error) {
	return r.AppendJSON(nil, false), nil
}

// recordEncoder appends the JSON of a Record and the types under it, field
// by field in declaration order, following each field's json tag: omitempty
// leaves out "", 0, false, nil pointers and empty slices; omitzero leaves out
// zero values (a zero Timestamp, Range or Severity); a nil slice without
// omitempty is null.
type recordEncoder struct {
	dst        []byte
	escapeHTML bool
}

func (e *recordEncoder) raw(s string) { e.dst = append(e.dst, s...) }

func (e *recordEncoder) str(s string) { e.dst = appendJSONString(e.dst, s, e.escapeHTML) }

func (e *recordEncoder) integer(n int64) { e.dst = strconv.AppendInt(e.dst, n, 10) }

func (e *recordEncoder) boolean(b bool) {
	if b {
		e.raw("true")
	} else {
		e.raw("false")
	}
}

// time writes what Timestamp.MarshalJSON does.
func (e *recordEncoder) timestamp(t Timestamp) {
	e.dst = append(e.dst, '"')
	e.dst = appendTimestamp(e.dst, t.Time)
	e.dst = append(e.dst, '"')
}

// appendTimestamp appends t.UTC().AppendFormat(dst, timeLayout): digit by
// digit for the years 0 to 9999, which is three times faster than
// interpreting the layout, three times per record.
func appendTimestamp(dst []byte, t time.Time) []byte {
	t = t.UTC()
	year, month, day := t.Date()
	if year < 0 || year > 9999 {
		return t.AppendFormat(dst, timeLayout)
	}
	hour, minute, sec := t.Clock()
	ms := t.Nanosecond() / 1e6 // the layout's .000 truncates
	return append(dst,
		byte('0'+year/1000), byte('0'+year/100%10), byte('0'+year/10%10), byte('0'+year%10), '-',
		byte('0'+int(month)/10), byte('0'+int(month)%10), '-',
		byte('0'+day/10), byte('0'+day%10), 'T',
		byte('0'+hour/10), byte('0'+hour%10), ':',
		byte('0'+minute/10), byte('0'+minute%10), ':',
		byte('0'+sec/10), byte('0'+sec%10), '.',
		byte('0'+ms/100), byte('0'+ms/10%10), byte('0'+ms%10), 'Z')
}

// severity writes what Severity.MarshalJSON does.
func (e *recordEncoder) severity(s Severity) {
	if !s.Valid() {
		e.raw("null")
		return
	}
	e.raw(`{"description":`)
	e.str(s.String())
	e.raw(`,"score":`)
	e.integer(int64(s))
	e.dst = append(e.dst, '}')
}

func (e *recordEncoder) record(r *Record) {
	e.raw(`{"schemaVersion":`)
	e.str(r.SchemaVersion)
	e.raw(`,"id":`)
	e.str(r.ID)
	if r.AccountID != "" {
		e.raw(`,"accountId":`)
		e.str(r.AccountID)
	}
	if r.Partition != "" {
		e.raw(`,"partition":`)
		e.str(r.Partition)
	}
	if r.Region != "" {
		e.raw(`,"region":`)
		e.str(r.Region)
	}
	e.raw(`,"category":`)
	e.str(r.Category)
	if r.Type != "" {
		e.raw(`,"type":`)
		e.str(r.Type)
	}
	if r.Severity != SeverityNone {
		e.raw(`,"severity":`)
		e.severity(r.Severity)
	}
	e.raw(`,"createdAt":`)
	created := len(e.dst)
	e.timestamp(r.CreatedAt)
	createdEnd := len(e.dst)
	e.raw(`,"updatedAt":`)
	if r.UpdatedAt == r.CreatedAt {
		// The same time (a new record's), formatted once.
		e.dst = append(e.dst, e.dst[created:createdEnd]...)
	} else {
		e.timestamp(r.UpdatedAt)
	}
	e.raw(`,"classificationDetails":`)
	e.classificationDetails(&r.ClassificationDetails)
	e.raw(`,"resourcesAffected":`)
	e.resourcesAffected(&r.ResourcesAffected)
	e.dst = append(e.dst, '}')
}

func (e *recordEncoder) classificationDetails(d *ClassificationDetails) {
	e.dst = append(e.dst, '{')
	if d.DetailedResultsLocation != "" {
		e.raw(`"detailedResultsLocation":`)
		e.str(d.DetailedResultsLocation)
		e.dst = append(e.dst, ',')
	}
	if d.JobArn != "" {
		e.raw(`"jobArn":`)
		e.str(d.JobArn)
		e.dst = append(e.dst, ',')
	}
	e.raw(`"jobId":`)
	e.str(d.JobID)
	e.raw(`,"originType":`)
	e.str(d.OriginType)
	e.raw(`,"result":`)
	e.classificationResult(&d.Result)
	e.dst = append(e.dst, '}')
}

func (e *recordEncoder) classificationResult(r *ClassificationResult) {
	e.raw(`{"additionalOccurrences":`)
	e.boolean(r.AdditionalOccurrences)
	e.raw(`,"customDataIdentifiers":{"detections":`)
	if r.CustomDataIdentifiers.Detections == nil {
		e.raw("null")
	} else {
		e.dst = append(e.dst, '[')
		for i := range r.CustomDataIdentifiers.Detections {
			if i > 0 {
				e.dst = append(e.dst, ',')
			}
			e.customDetection(&r.CustomDataIdentifiers.Detections[i])
		}
		e.dst = append(e.dst, ']')
	}
	e.raw(`,"totalCount":`)
	e.integer(r.CustomDataIdentifiers.TotalCount)
	e.dst = append(e.dst, '}')
	if r.MimeType != "" {
		e.raw(`,"mimeType":`)
		e.str(r.MimeType)
	}
	e.raw(`,"sensitiveData":`)
	if r.SensitiveData == nil {
		e.raw("null")
	} else {
		e.dst = append(e.dst, '[')
		for i := range r.SensitiveData {
			if i > 0 {
				e.dst = append(e.dst, ',')
			}
			e.sensitiveDataItem(&r.SensitiveData[i])
		}
		e.dst = append(e.dst, ']')
	}
	e.raw(`,"sizeClassified":`)
	e.integer(r.SizeClassified)
	e.raw(`,"status":{"code":`)
	e.str(r.Status.Code)
	if r.Status.Reason != "" {
		e.raw(`,"reason":`)
		e.str(r.Status.Reason)
	}
	e.raw("}}")
}

func (e *recordEncoder) sensitiveDataItem(it *SensitiveDataItem) {
	e.raw(`{"category":`)
	e.str(it.Category)
	e.raw(`,"detections":`)
	if it.Detections == nil {
		e.raw("null")
	} else {
		e.dst = append(e.dst, '[')
		for i := range it.Detections {
			if i > 0 {
				e.dst = append(e.dst, ',')
			}
			d := &it.Detections[i]
			e.raw(`{"count":`)
			e.integer(d.Count)
			if d.Occurrences != nil {
				e.raw(`,"occurrences":`)
				e.occurrences(d.Occurrences)
			}
			e.raw(`,"type":`)
			e.str(d.Type)
			e.dst = append(e.dst, '}')
		}
		e.dst = append(e.dst, ']')
	}
	e.raw(`,"totalCount":`)
	e.integer(it.TotalCount)
	e.dst = append(e.dst, '}')
}

func (e *recordEncoder) customDetection(d *CustomDetection) {
	e.dst = append(e.dst, '{')
	if d.Arn != "" {
		e.raw(`"arn":`)
		e.str(d.Arn)
		e.dst = append(e.dst, ',')
	}
	e.raw(`"count":`)
	e.integer(d.Count)
	e.raw(`,"name":`)
	e.str(d.Name)
	if d.Occurrences != nil {
		e.raw(`,"occurrences":`)
		e.occurrences(d.Occurrences)
	}
	e.dst = append(e.dst, '}')
}

// occurrences writes an Occurrences, all of whose fields may be left out:
// sep is what goes before the next field written.
func (e *recordEncoder) occurrences(o *Occurrences) {
	sep := byte('{')
	if len(o.Cells) > 0 {
		e.dst = append(e.dst, sep)
		sep = ','
		e.raw(`"cells":[`)
		e.dst = appendCells(e.dst, o.Cells, e.escapeHTML)
		e.dst = append(e.dst, ']')
	}
	if len(o.LineRanges) > 0 {
		e.dst = append(e.dst, sep)
		sep = ','
		e.raw(`"lineRanges":`)
		e.dst = appendRanges(e.dst, o.LineRanges)
	}
	if len(o.OffsetRanges) > 0 {
		e.dst = append(e.dst, sep)
		sep = ','
		e.raw(`"offsetRanges":`)
		e.dst = appendRanges(e.dst, o.OffsetRanges)
	}
	if len(o.Pages) > 0 {
		e.dst = append(e.dst, sep)
		sep = ','
		e.raw(`"pages":[`)
		for i := range o.Pages {
			if i > 0 {
				e.dst = append(e.dst, ',')
			}
			e.page(&o.Pages[i])
		}
		e.dst = append(e.dst, ']')
	}
	if len(o.Records) > 0 {
		e.dst = append(e.dst, sep)
		sep = ','
		e.raw(`"records":[`)
		e.dst = appendRecordLocations(e.dst, o.Records, e.escapeHTML)
		e.dst = append(e.dst, ']')
	}
	if sep == '{' {
		e.dst = append(e.dst, '{')
	}
	e.dst = append(e.dst, '}')
}

// appendCells, appendRecordLocations, appendRanges and appendRange write the
// occurrence arrays, the bulk of a record, as functions of dst rather than
// recordEncoder methods, so that dst stays in registers.
func appendCells(dst []byte, cells []Cell, escapeHTML bool) []byte {
	for i := range cells {
		c := &cells[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '{')
		if c.CellReference != "" {
			dst = append(dst, `"cellReference":`...)
			dst = appendJSONString(dst, c.CellReference, escapeHTML)
			dst = append(dst, ',')
		}
		dst = append(dst, `"column":`...)
		dst = strconv.AppendInt(dst, c.Column, 10)
		if c.ColumnName != "" {
			dst = append(dst, `,"columnName":`...)
			dst = appendJSONString(dst, c.ColumnName, escapeHTML)
		}
		dst = append(dst, `,"row":`...)
		dst = strconv.AppendInt(dst, c.Row, 10)
		dst = append(dst, '}')
	}
	return dst
}

func appendRecordLocations(dst []byte, rs []RecordLocation, escapeHTML bool) []byte {
	for i := range rs {
		rl := &rs[i]
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = append(dst, '{')
		if rl.JSONPath != "" {
			dst = append(dst, `"jsonPath":`...)
			dst = appendJSONString(dst, rl.JSONPath, escapeHTML)
			dst = append(dst, ',')
		}
		dst = append(dst, `"recordIndex":`...)
		dst = strconv.AppendInt(dst, rl.RecordIndex, 10)
		dst = append(dst, '}')
	}
	return dst
}

func appendRanges(dst []byte, rs []Range) []byte {
	dst = append(dst, '[')
	for i := range rs {
		if i > 0 {
			dst = append(dst, ',')
		}
		dst = appendRange(dst, &rs[i])
	}
	return append(dst, ']')
}

func appendRange(dst []byte, r *Range) []byte {
	dst = append(dst, `{"end":`...)
	dst = strconv.AppendInt(dst, r.End, 10)
	dst = append(dst, `,"start":`...)
	dst = strconv.AppendInt(dst, r.Start, 10)
	dst = append(dst, `,"startColumn":`...)
	dst = strconv.AppendInt(dst, r.StartColumn, 10)
	return append(dst, '}')
}

func (e *recordEncoder) page(p *Page) {
	e.dst = append(e.dst, '{')
	if p.LineRange != (Range{}) {
		e.raw(`"lineRange":`)
		e.dst = appendRange(e.dst, &p.LineRange)
		e.dst = append(e.dst, ',')
	}
	if p.OffsetRange != (Range{}) {
		e.raw(`"offsetRange":`)
		e.dst = appendRange(e.dst, &p.OffsetRange)
		e.dst = append(e.dst, ',')
	}
	e.raw(`"pageNumber":`)
	e.integer(p.PageNumber)
	e.dst = append(e.dst, '}')
}

func (e *recordEncoder) resourcesAffected(ra *ResourcesAffected) {
	e.dst = append(e.dst, '{')
	if ra.S3Bucket != nil {
		e.raw(`"s3Bucket":`)
		e.s3Bucket(ra.S3Bucket)
		e.dst = append(e.dst, ',')
	}
	e.raw(`"s3Object":`)
	e.s3Object(&ra.S3Object)
	e.dst = append(e.dst, '}')
}

func (e *recordEncoder) s3Bucket(b *S3Bucket) {
	e.dst = append(e.dst, '{')
	if b.Arn != "" {
		e.raw(`"arn":`)
		e.str(b.Arn)
		e.dst = append(e.dst, ',')
	}
	e.raw(`"name":`)
	e.str(b.Name)
	if b.DefaultServerSideEncryption != nil {
		e.raw(`,"defaultServerSideEncryption":`)
		e.serverSideEncryption(b.DefaultServerSideEncryption)
	}
	if b.Owner != nil {
		sep := byte('{')
		e.raw(`,"owner":`)
		if b.Owner.DisplayName != "" {
			e.dst = append(e.dst, sep)
			sep = ','
			e.raw(`"displayName":`)
			e.str(b.Owner.DisplayName)
		}
		if b.Owner.ID != "" {
			e.dst = append(e.dst, sep)
			sep = ','
			e.raw(`"id":`)
			e.str(b.Owner.ID)
		}
		if sep == '{' {
			e.dst = append(e.dst, '{')
		}
		e.dst = append(e.dst, '}')
	}
	if b.PublicAccess != nil {
		e.raw(`,"publicAccess":`)
		e.publicAccess(b.PublicAccess)
	}
	if len(b.Tags) > 0 {
		e.raw(`,"tags":[`)
		for i := range b.Tags {
			if i > 0 {
				e.dst = append(e.dst, ',')
			}
			e.raw(`{"key":`)
			e.str(b.Tags[i].Key)
			e.raw(`,"value":`)
			e.str(b.Tags[i].Value)
			e.dst = append(e.dst, '}')
		}
		e.dst = append(e.dst, ']')
	}
	e.dst = append(e.dst, '}')
}

func (e *recordEncoder) publicAccess(p *BucketPublicAccess) {
	e.raw(`{"effectivePermission":`)
	e.str(p.EffectivePermission)
	if pc := p.PermissionConfiguration; pc != nil {
		e.raw(`,"permissionConfiguration":{`)
		if blp := pc.BucketLevelPermissions; blp != nil {
			e.raw(`"bucketLevelPermissions":{`)
			if bpa := blp.BlockPublicAccess; bpa != nil {
				e.raw(`"blockPublicAccess":{"blockPublicAcls":`)
				e.boolean(bpa.BlockPublicAcls)
				e.raw(`,"blockPublicPolicy":`)
				e.boolean(bpa.BlockPublicPolicy)
				e.raw(`,"ignorePublicAcls":`)
				e.boolean(bpa.IgnorePublicAcls)
				e.raw(`,"restrictPublicBuckets":`)
				e.boolean(bpa.RestrictPublicBuckets)
				e.dst = append(e.dst, '}')
			}
			e.dst = append(e.dst, '}')
		}
		e.dst = append(e.dst, '}')
	}
	e.dst = append(e.dst, '}')
}

func (e *recordEncoder) s3Object(o *S3Object) {
	e.dst = append(e.dst, '{')
	if o.BucketArn != "" {
		e.raw(`"bucketArn":`)
		e.str(o.BucketArn)
		e.dst = append(e.dst, ',')
	}
	if f := o.EmbeddedFileDetails; f != nil {
		e.raw(`"embeddedFileDetails":{"filePath":`)
		e.str(f.FilePath)
		if f.FileExtension != "" {
			e.raw(`,"fileExtension":`)
			e.str(f.FileExtension)
		}
		e.raw(`,"fileSize":`)
		e.integer(f.FileSize)
		if !f.FileLastModified.IsZero() {
			e.raw(`,"fileLastModified":`)
			e.timestamp(f.FileLastModified)
		}
		e.raw("},")
	}
	if o.ETag != "" {
		e.raw(`"eTag":`)
		e.str(o.ETag)
		e.dst = append(e.dst, ',')
	}
	if o.Extension != "" {
		e.raw(`"extension":`)
		e.str(o.Extension)
		e.dst = append(e.dst, ',')
	}
	e.raw(`"key":`)
	e.str(o.Key)
	if !o.LastModified.IsZero() {
		e.raw(`,"lastModified":`)
		e.timestamp(o.LastModified)
	}
	e.raw(`,"path":`)
	e.str(o.Path)
	if o.ServerSideEncryption != nil {
		e.raw(`,"serverSideEncryption":`)
		e.serverSideEncryption(o.ServerSideEncryption)
	}
	e.raw(`,"size":`)
	e.integer(o.Size)
	if o.StorageClass != "" {
		e.raw(`,"storageClass":`)
		e.str(o.StorageClass)
	}
	if o.VersionID != "" {
		e.raw(`,"versionId":`)
		e.str(o.VersionID)
	}
	e.dst = append(e.dst, '}')
}

func (e *recordEncoder) serverSideEncryption(s *ServerSideEncryption) {
	e.raw(`{"encryptionType":`)
	e.str(s.EncryptionType)
	if s.KmsMasterKeyID != "" {
		e.raw(`,"kmsMasterKeyId":`)
		e.str(s.KmsMasterKeyID)
	}
	e.dst = append(e.dst, '}')
}

// jsonSafe classifies ASCII bytes for appendJSONString: 1 is written as
// it is, 2 as it is unless HTML is escaped (<, >, &), 0 escaped always.
var jsonSafe = func() (t [utf8.RuneSelf]uint8) {
	for b := 0x20; b < utf8.RuneSelf; b++ {
		t[b] = 1
	}
	t['"'], t['\\'] = 0, 0
	t['<'], t['>'], t['&'] = 2, 2, 2
	return t
}()

const hexDigits = "0123456789abcdef"

// load64 returns s[i:i+8] as a little-endian word.
func load64(s string, i int) uint64 {
	s = s[i : i+8]
	return uint64(s[0]) | uint64(s[1])<<8 | uint64(s[2])<<16 | uint64(s[3])<<24 |
		uint64(s[4])<<32 | uint64(s[5])<<40 | uint64(s[6])<<48 | uint64(s[7])<<56
}

const (
	ones64 = 0x0101010101010101
	high64 = 0x8080808080808080
)

// hasZero64 reports whether some byte of x is zero (exactly: a borrow
// can mark a byte above a zero one, never a word without one).
func hasZero64(x uint64) bool { return (x-ones64)&^x&high64 != 0 }

// plainJSON8 reports whether the eight bytes of x are all written as they
// are by appendJSONString: ASCII, no control byte, no '"' or '\\', and no
// '<', '>' or '&' when HTML is escaped. A false answer only sends the
// bytes through the byte-by-byte loop.
func plainJSON8(x uint64, escapeHTML bool) bool {
	if x&high64 != 0 || (x-0x20*ones64)&^x&high64 != 0 || hasZero64(x^'"'*ones64) || hasZero64(x^'\\'*ones64) {
		return false
	}
	return !escapeHTML || !(hasZero64(x^'<'*ones64) || hasZero64(x^'>'*ones64) || hasZero64(x^'&'*ones64))
}

// appendJSONString appends s as a JSON string, escaped as encoding/json
// escapes it: \" \\ \b \f \n \r \t, other control bytes as \u00XX, <, > and &
// as \u003c, \u003e, \u0026 when escapeHTML, U+2028 and U+2029 always, and
// each byte of invalid UTF-8 as \ufffd.
func appendJSONString(dst []byte, s string, escapeHTML bool) []byte {
	dst = append(dst, '"')
	start := 0
	for i := 0; i < len(s); {
		// Eight bytes at a time while none needs a look (a record's
		// strings, paths, keys, ids and names, are mostly plain ASCII);
		// a word that does is gone through byte by byte.
		end := len(s)
		if i+8 <= len(s) {
			if plainJSON8(load64(s, i), escapeHTML) {
				i += 8
				continue
			}
			end = i + 8
		}
		for i < end {
			b := s[i]
			if b < utf8.RuneSelf {
				if k := jsonSafe[b]; k == 1 || (k == 2 && !escapeHTML) {
					i++
					continue
				}
				dst = append(dst, s[start:i]...)
				switch b {
				case '\\', '"':
					dst = append(dst, '\\', b)
				case '\b':
					dst = append(dst, '\\', 'b')
				case '\f':
					dst = append(dst, '\\', 'f')
				case '\n':
					dst = append(dst, '\\', 'n')
				case '\r':
					dst = append(dst, '\\', 'r')
				case '\t':
					dst = append(dst, '\\', 't')
				default:
					dst = append(dst, '\\', 'u', '0', '0', hexDigits[b>>4], hexDigits[b&0xF])
				}
				i++
				start = i
				continue
			}
			c, size := utf8.DecodeRuneInString(s[i:])
			if c == utf8.RuneError && size == 1 {
				dst = append(dst, s[start:i]...)
				dst = append(dst, `\ufffd`...)
				i++
				start = i
				continue
			}
			if c == '\u2028' || c == '\u2029' {
				dst = append(dst, s[start:i]...)
				dst = append(dst, '\\', 'u', '2', '0', '2', hexDigits[c&0xF])
				i += size
				start = i
				continue
			}
			i += size
		}
	}
	dst = append(dst, s[start:]...)
	return append(dst, '"')
}
