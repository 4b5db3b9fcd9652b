package findings

import (
	"crypto/rand"
	"encoding/hex"
	"path"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/google/uuid"
)

// DefaultMaxOccurrences is how many occurrences of each type Macie lists in a
// sensitive data discovery result.
const DefaultMaxOccurrences = 1000

// SeverityFunc gives the severity ("Low", "Medium", "High", in any case) of
// count occurrences of detection type typ: a managed identifier ID, or a
// custom identifier name when custom is true. "" means unrated.
type SeverityFunc func(typ string, custom bool, count int64) string

// ObjectInfo is what the scanner knows of the object a record is about.
// Empty fields are omitted from the record, except as said below.
type ObjectInfo struct {
	// Bucket is the S3 bucket; empty for a local file, whose record then has
	// no s3Bucket and no bucketArn.
	Bucket string
	// Key is the object key, or the file's path relative to the scanned root.
	Key string
	// Path defaults to Bucket + "/" + Key (Macie's s3Object.path), or Key
	// when there is no bucket.
	Path string
	// Extension defaults to Key's extension, without the dot.
	Extension    string
	Size         int64
	LastModified time.Time
	// ETag is written without surrounding quotes.
	ETag         string
	StorageClass string
	VersionID    string
	// EncryptionType ("NONE", "AES256", "aws:kms", "aws:kms:dsse") and
	// KMSKeyID give s3Object.serverSideEncryption when EncryptionType is set.
	EncryptionType string
	KMSKeyID       string
	// BucketDetails, when set, gives the s3Bucket properties read from the
	// bucket (its Arn and Name are set from Bucket).
	BucketDetails *S3Bucket
}

// Status is the outcome of analysing an object: Code is one of the Status
// constants, Reason one of the Reason constants (empty for COMPLETE).
type Status struct {
	Code, Reason string
}

// JobInfo identifies the job (or local scan) a record belongs to.
type JobInfo struct {
	JobID     string
	JobArn    string // empty for local scans
	AccountID string
	Region    string
	// Partition is the AWS partition ("aws", "aws-cn", ...), used in ARNs;
	// empty means "aws" in ARNs and no partition field.
	Partition string
	// OriginType defaults to OriginSensitiveDataDiscoveryJob.
	OriginType string
	// DetailedResultsLocation is where results are stored, if they are.
	DetailedResultsLocation string
	// CustomIdentifierArns maps custom data identifier names to their ARNs,
	// for customDataIdentifiers.detections[].arn. It may be nil.
	CustomIdentifierArns map[string]string
}

// Aggregator collects the detections in one object and builds its Record.
// One worker owns one Aggregator and reuses it across objects (Reset between
// them); it is not safe for concurrent use. Add does not allocate except to
// grow its tables, whose memory is kept across Reset.
type Aggregator struct {
	// Now stamps records' createdAt and updatedAt; nil means time.Now.
	Now func() time.Time
	// NewID gives records' id; nil means a random (version 4) UUID.
	NewID func() string
	// Lend makes Build and BuildEmbedded lend the records they return and
	// the lists in them instead of making new ones: a record then is the
	// Aggregator's memory, valid only until the next Reset, after which
	// the Aggregator reuses it. It is for a caller that encodes or counts
	// each record at once and keeps nothing of it; the copies it saves
	// were, with the garbage they left, about 4 % of a whole scan's CPU on
	// the bench corpus (460,000 occurrences listed), and the records'
	// own allocations more on many small objects.
	Lend bool

	max int
	// dets holds every detection slot made so far, index finds them by
	// key, across objects: a type found in one object mostly comes back
	// in the next, and finding its slot again costs a cache hit rather
	// than a map insert. A slot is the current object's when its epoch is,
	// and active lists those, in the order started.
	dets    []detection
	index   map[detKey]int32
	active  []int32
	members []EmbeddedFileDetails
	byPath  map[string]int32

	// Lookups skip hashing a type's name: matches come in runs of one type
	// (a column), checked against the last key, or with dozens of types
	// taking turns (the IBANs of a log, one type per country), found in a
	// direct-mapped cache keyed by where the name's bytes are. The scanner
	// passes each type's name as the same string every time, and a string
	// with the same data pointer and length has the same bytes, so the
	// cache never takes one type for another; a name that comes in another
	// copy only costs a miss.
	last    detKey
	lastIdx int32
	hasLast bool
	cache   [64]cachedSlot
	epoch   uint32 // the current object's number; slots of others are stale
	gen     uint32 // cache entries of other generations of dets are stale

	// build's scratch: the detections' order, the categories, and with
	// Lend the records lent and the lists they are made of, carved from
	// arenas that Reset empties (records are reused from the object
	// before: a lent record is valid only until the next Reset).
	idx       []int
	cats      []string
	occArena  []Occurrences
	detArena  []DefaultDetection
	itemArena []SensitiveDataItem
	custArena []CustomDetection
	recs      []*Record
	nRecs     int

	// record ids, made idBatch at a time in one string (one random read
	// and one allocation) rather than one by one; ids[idNext*36:] are
	// unused.
	ids    string
	idNext int
}

// idBatch is how many record ids an Aggregator makes at once.
const idBatch = 16

// detKey tells detections apart: by type, managed or custom, and by archived
// file (member is -1 for the object itself).
type detKey struct {
	typ    string
	custom bool
	member int32
}

// detection is one type's tally in the object or in one archived file. Its
// slices keep their memory when the slot is reused for another object.
type detection struct {
	detKey
	epoch    uint32 // the object it counts for
	category string
	count    int64
	stored   int
	lines    []Range
	offsets  []Range
	cells    []Cell
	records  []RecordLocation
	pages    []Page
}

// NewAggregator returns an Aggregator that lists at most maxOccurrences
// occurrences of each type per object (Macie lists up to
// DefaultMaxOccurrences); occurrences past the cap are still counted. A
// negative cap is taken as 0: counts only.
func NewAggregator(maxOccurrences int) *Aggregator {
	return &Aggregator{
		max:    max(maxOccurrences, 0),
		index:  make(map[detKey]int32),
		byPath: make(map[string]int32),
		epoch:  1, // the zero slots and cache entries are of no object
		gen:    1,
	}
}

// maxSlots bounds the slots kept across objects: archives of many files
// make a slot per type and file.
const maxSlots = 4096

// Reset forgets the current object's detections, keeping memory for the next.
func (a *Aggregator) Reset() {
	clear(a.byPath)
	a.hasLast = false
	a.epoch++
	if a.epoch == 0 || len(a.dets) > maxSlots {
		// Start over: past 2³² objects an old slot's epoch would look
		// current, and past maxSlots the slots' memory is let go.
		clear(a.index)
		if len(a.dets) > maxSlots {
			a.dets = nil
		}
		for i := range a.dets[:cap(a.dets)] {
			a.dets[:cap(a.dets)][i].epoch = 0
		}
		a.dets = a.dets[:0]
		a.epoch = 1
		a.gen++
	}
	a.active = a.active[:0]
	a.occArena, a.detArena = a.occArena[:0], a.detArena[:0]
	a.itemArena, a.custArena = a.itemArena[:0], a.custArena[:0]
	a.nRecs = 0
	a.members = a.members[:0]
}

// Add records one occurrence of detection type typ (a managed identifier ID,
// or a custom identifier name when custom is true) of category (one of the
// Category constants; ignored for custom identifiers, whose category is
// Macie's CUSTOM_IDENTIFIER). occ says where; its Kind says which one location
// field is set. An occurrence in an archived file (occ.Embedded set) counts
// for the archive object and is listed in that file's record (BuildEmbedded).
func (a *Aggregator) Add(typ, category string, custom bool, occ Occurrence) {
	if custom {
		category = CategoryCustomIdentifier
	}
	i := a.slot(detKey{typ: typ, custom: custom, member: -1}, category)
	a.dets[i].count++
	if occ.Embedded == nil {
		a.dets[i].keep(&occ, a.max)
		return
	}
	j := a.slot(detKey{typ: typ, custom: custom, member: a.member(occ.Embedded)}, category)
	a.dets[j].count++
	a.dets[j].keep(&occ, a.max)
}

// AddCount records n occurrences of typ that are counted, not listed, as
// Add records occurrences past the cap: a caller that has seen Listed turn
// false for typ (in embedded, or nil for the object itself) adds the rest of
// a run of identical occurrences at once. Category and custom are as for Add.
func (a *Aggregator) AddCount(typ, category string, custom bool, embedded *EmbeddedFileDetails, n int64) {
	if n <= 0 {
		return
	}
	if custom {
		category = CategoryCustomIdentifier
	}
	i := a.slot(detKey{typ: typ, custom: custom, member: -1}, category)
	a.dets[i].count += n
	if embedded == nil {
		return
	}
	j := a.slot(detKey{typ: typ, custom: custom, member: a.member(embedded)}, category)
	a.dets[j].count += n
}

// member returns the index of the archived file f, adding it if new.
func (a *Aggregator) member(f *EmbeddedFileDetails) int32 {
	m, ok := a.byPath[f.FilePath]
	if !ok {
		m = int32(len(a.members))
		c := *f
		if c.FileExtension == "" {
			c.FileExtension = strings.TrimPrefix(path.Ext(c.FilePath), ".")
		}
		a.members = append(a.members, c)
		a.byPath[c.FilePath] = m
	}
	return m
}

// Listed reports whether the next occurrence of typ (in the archived file
// embedded, or nil) would be listed, not only counted, so that a caller can
// skip building a location nobody keeps.
func (a *Aggregator) Listed(typ string, custom bool, embedded *EmbeddedFileDetails) bool {
	member := int32(-1)
	if embedded != nil {
		m, ok := a.byPath[embedded.FilePath]
		if !ok {
			return true
		}
		member = m
	}
	k := detKey{typ: typ, custom: custom, member: member}
	if i, ok := a.lookup(k); ok {
		return a.dets[i].stored < a.max
	}
	return true
}

// cachedSlot is a cache entry: key k's slot idx in generation gen of dets.
type cachedSlot struct {
	name   *byte
	len    int32
	member int32
	custom bool
	gen    uint32
	idx    int32
}

// cacheEntry returns the cache entry for k, and whether it holds k.
func (a *Aggregator) cacheEntry(k detKey) (*cachedSlot, bool) {
	p := unsafe.StringData(k.typ)
	e := &a.cache[(uintptr(unsafe.Pointer(p))>>3^uintptr(k.member))%uintptr(len(a.cache))]
	return e, e.gen == a.gen && e.name == p && int(e.len) == len(k.typ) && e.member == k.member && e.custom == k.custom
}

// lookup returns the index of k's detection, if the object has one.
func (a *Aggregator) lookup(k detKey) (int32, bool) {
	if a.hasLast && a.last == k {
		return a.lastIdx, true
	}
	i, ok := int32(0), false
	if e, hit := a.cacheEntry(k); hit {
		i, ok = e.idx, true
	} else {
		i, ok = a.index[k]
	}
	return i, ok && a.dets[i].epoch == a.epoch
}

// slot returns the index of k's detection, starting one if needed.
func (a *Aggregator) slot(k detKey, category string) int32 {
	if a.hasLast && a.last == k {
		return a.lastIdx
	}
	e, ok := a.cacheEntry(k)
	i := e.idx
	if !ok {
		if i, ok = a.index[k]; !ok {
			i = a.add(k)
		}
		*e = cachedSlot{name: unsafe.StringData(k.typ), len: int32(len(k.typ)), member: k.member, custom: k.custom, gen: a.gen, idx: i}
	}
	if d := &a.dets[i]; d.epoch != a.epoch {
		d.reuse(k, category, a.epoch) // the object's first occurrence of k
		a.active = append(a.active, i)
	}
	a.last, a.lastIdx, a.hasLast = k, i, true
	return i
}

// add makes a slot for k, in the memory of a slot of the generation before
// when there is one (its epoch is 0), and returns its index; slot starts it.
func (a *Aggregator) add(k detKey) int32 {
	n := len(a.dets)
	if n < cap(a.dets) {
		a.dets = a.dets[:n+1]
	} else {
		a.dets = append(a.dets, detection{})
	}
	a.dets[n].detKey = k
	a.index[k] = int32(n)
	return int32(n)
}

func (d *detection) reuse(k detKey, category string, epoch uint32) {
	// Drop strings from the last object so they can be collected.
	clear(d.cells)
	clear(d.records)
	*d = detection{
		detKey: k, category: category, epoch: epoch,
		lines: d.lines[:0], offsets: d.offsets[:0], cells: d.cells[:0],
		records: d.records[:0], pages: d.pages[:0],
	}
}

func (d *detection) keep(o *Occurrence, max int) {
	if d.stored >= max {
		return
	}
	switch o.Kind {
	case KindLineRange:
		d.lines = append(d.lines, o.Range)
	case KindOffsetRange:
		d.offsets = append(d.offsets, o.Range)
	case KindCell:
		d.cells = append(d.cells, o.Cell)
	case KindRecord:
		d.records = append(d.records, o.Record)
	case KindPage:
		d.pages = append(d.pages, o.Page)
	default:
		return
	}
	d.stored++
}

// occurrences fills o with copies of the kept occurrences, or lends them
// (see Aggregator.Lend), and returns it; nil when there are none.
func (d *detection) occurrences(o *Occurrences, lend bool) *Occurrences {
	if d.stored == 0 {
		return nil
	}
	if lend {
		// Capacity clipped: an append to a lent list cannot write into the
		// Aggregator's memory past it.
		*o = Occurrences{
			Cells:        lent(d.cells),
			LineRanges:   lent(d.lines),
			OffsetRanges: lent(d.offsets),
			Pages:        lent(d.pages),
			Records:      lent(d.records),
		}
		return o
	}
	*o = Occurrences{
		Cells:        slices.Clone(d.cells),
		LineRanges:   slices.Clone(d.lines),
		OffsetRanges: slices.Clone(d.offsets),
		Pages:        slices.Clone(d.pages),
		Records:      slices.Clone(d.records),
	}
	return o
}

// carve returns the next n elements of *arena, clipped, growing it into a
// new array when it is short: records lent earlier keep the old one.
func carve[T any](arena *[]T, n int) []T {
	a := *arena
	if cap(a)-len(a) < n {
		a = make([]T, 0, max(2*cap(a), n, 64))
	}
	*arena = a[:len(a)+n]
	return a[len(a) : len(a)+n : len(a)+n]
}

// lent returns s clipped to its length, or nil when it is empty, as
// slices.Clone returns for an empty slice that was never grown.
func lent[T any](s []T) []T {
	if len(s) == 0 {
		return nil
	}
	return s[:len(s):len(s)]
}

// Build returns the record for the object: its detections (managed ones
// grouped by category, categories and types in name order, occurrences in
// the order added), totals, type and severity. severity rates each detection
// (see SeverityFunc); the record's severity is the highest, and none when
// severity is nil or rates nothing. The record shares no memory with the
// Aggregator, which may be Reset at once, unless Lend is set.
func (a *Aggregator) Build(obj ObjectInfo, status Status, sizeClassified int64, mimeType string, job JobInfo, severity SeverityFunc) *Record {
	return a.build(obj, status, sizeClassified, mimeType, job, severity, -1)
}

// BuildEmbedded returns one record for each file extracted from the archive
// object that had occurrences, in the order the files were first seen, as
// Macie reports archive members: the object's fields plus
// s3Object.embeddedFileDetails, status COMPLETE, sizeClassified the file's
// size, and that file's detections and occurrences. It returns nil when no
// occurrence was in an archived file.
func (a *Aggregator) BuildEmbedded(obj ObjectInfo, job JobInfo, severity SeverityFunc) []*Record {
	if len(a.members) == 0 {
		return nil
	}
	out := make([]*Record, len(a.members))
	for m := range a.members {
		out[m] = a.build(obj, Status{Code: StatusComplete}, a.members[m].FileSize, "", job, severity, int32(m))
	}
	return out
}

func (a *Aggregator) build(obj ObjectInfo, status Status, sizeClassified int64, mimeType string, job JobInfo, severity SeverityFunc, member int32) *Record {
	now := time.Now
	if a.Now != nil {
		now = a.Now
	}
	id := a.randomID
	if a.NewID != nil {
		id = a.NewID
	}
	ts := Timestamp{now()}
	origin := job.OriginType
	if origin == "" {
		origin = OriginSensitiveDataDiscoveryJob
	}
	r := a.newRecord()
	*r = Record{
		SchemaVersion: SchemaVersion,
		ID:            id(),
		AccountID:     job.AccountID,
		Partition:     job.Partition,
		Region:        job.Region,
		Category:      CategoryClassification,
		CreatedAt:     ts,
		UpdatedAt:     ts,
		ClassificationDetails: ClassificationDetails{
			DetailedResultsLocation: job.DetailedResultsLocation,
			JobArn:                  job.JobArn,
			JobID:                   job.JobID,
			OriginType:              origin,
			Result: ClassificationResult{
				CustomDataIdentifiers: CustomDataIdentifiers{Detections: []CustomDetection{}},
				MimeType:              mimeType,
				SensitiveData:         []SensitiveDataItem{},
				SizeClassified:        sizeClassified,
				Status:                ClassificationStatus(status),
			},
		},
		ResourcesAffected: resources(obj, job.Partition),
	}
	if member >= 0 {
		f := a.members[member]
		r.ResourcesAffected.S3Object.EmbeddedFileDetails = &f
	}

	// Pick this record's detections, in name order so output is stable
	// whatever order the scanner met the types in.
	idx := a.idx[:0]
	for _, i := range a.active {
		if a.dets[i].member == member {
			idx = append(idx, int(i))
		}
	}
	a.idx = idx
	slices.SortFunc(idx, func(x, y int) int {
		dx, dy := &a.dets[x], &a.dets[y]
		if c := strings.Compare(dx.category, dy.category); c != 0 {
			return c
		}
		return strings.Compare(dx.typ, dy.typ)
	})

	// One allocation per list, sized exactly, rather than one per
	// detection: an object can have dozens of types (one per IBAN country).
	nCustom, nCategories := 0, 0
	for j, i := range idx {
		switch d := &a.dets[i]; {
		case d.custom:
			nCustom++
		case j == 0 || a.dets[idx[j-1]].category != d.category || a.dets[idx[j-1]].custom:
			nCategories++
		}
	}
	var occs []Occurrences
	var managed []DefaultDetection
	if a.Lend {
		occs, managed = carve(&a.occArena, len(idx)), carve(&a.detArena, len(idx)-nCustom)[:0]
	} else {
		occs, managed = make([]Occurrences, len(idx)), make([]DefaultDetection, 0, len(idx)-nCustom)
	}
	res := &r.ClassificationDetails.Result
	if nCustom > 0 {
		if a.Lend {
			res.CustomDataIdentifiers.Detections = carve(&a.custArena, nCustom)[:0]
		} else {
			res.CustomDataIdentifiers.Detections = make([]CustomDetection, 0, nCustom)
		}
	}
	if nCategories > 0 {
		if a.Lend {
			res.SensitiveData = carve(&a.itemArena, nCategories)[:0]
		} else {
			res.SensitiveData = make([]SensitiveDataItem, 0, nCategories)
		}
	}
	categories := a.cats[:0]
	var top Severity
	for j, i := range idx {
		d := &a.dets[i]
		var lvl Severity
		if severity != nil {
			lvl, _ = ParseSeverity(severity(d.typ, d.custom, d.count))
		}
		top = max(top, lvl)
		if int64(d.stored) < d.count {
			res.AdditionalOccurrences = true
		}
		if d.custom {
			res.CustomDataIdentifiers.Detections = append(res.CustomDataIdentifiers.Detections, CustomDetection{
				Arn:         job.CustomIdentifierArns[d.typ],
				Count:       d.count,
				Name:        d.typ,
				Occurrences: d.occurrences(&occs[j], a.Lend),
				Severity:    lvl,
			})
			res.CustomDataIdentifiers.TotalCount += d.count
			continue
		}
		n := len(res.SensitiveData)
		if n == 0 || res.SensitiveData[n-1].Category != d.category {
			// A category's detections are consecutive in managed: its
			// list is the next part of it, clipped so that appends to
			// one list cannot run into the next.
			if n > 0 {
				prev := &res.SensitiveData[n-1]
				prev.Detections = prev.Detections[:len(prev.Detections):len(prev.Detections)]
			}
			res.SensitiveData = append(res.SensitiveData, SensitiveDataItem{Category: d.category, Detections: managed[len(managed):]})
			categories = append(categories, d.category)
			n++
		}
		item := &res.SensitiveData[n-1]
		managed = append(managed, DefaultDetection{
			Count:       d.count,
			Occurrences: d.occurrences(&occs[j], a.Lend),
			Type:        d.typ,
			Severity:    lvl,
		})
		item.Detections = item.Detections[:len(item.Detections)+1]
		item.TotalCount += d.count
	}
	if n := len(res.SensitiveData); n > 0 {
		last := &res.SensitiveData[n-1]
		last.Detections = last.Detections[:len(last.Detections):len(last.Detections)]
	}
	r.Type = FindingType(categories, len(res.CustomDataIdentifiers.Detections) > 0)
	a.cats = categories
	if r.Type != "" {
		r.Severity = top
	}
	return r
}

// keptRecords bounds the lent records kept for reuse: an archive of many
// member files must not leave as many records behind.
const keptRecords = 64

// newRecord returns a new record or, with Lend, one lent before the last
// Reset, whose memory is the Aggregator's again; build overwrites it all.
func (a *Aggregator) newRecord() *Record {
	if !a.Lend {
		return new(Record)
	}
	if a.nRecs == len(a.recs) {
		if len(a.recs) == keptRecords {
			return new(Record)
		}
		a.recs = append(a.recs, new(Record))
	}
	a.nRecs++
	return a.recs[a.nRecs-1]
}

// randomID returns a random (version 4) UUID, as uuid.NewString does. The
// ids are made a batch at a time: one read of random bytes and one string
// for idBatch of them, of which each id is a part.
func (a *Aggregator) randomID() string {
	const n = len("xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx")
	if a.idNext*n >= len(a.ids) {
		var random [idBatch * 16]byte
		if _, err := rand.Read(random[:]); err != nil {
			// crypto/rand.Read does not fail (it crashes the program
			// rather than return an error); keep uuid's own behaviour
			// should it ever.
			return uuid.NewString()
		}
		var text [idBatch * n]byte
		for i := range idBatch {
			u := uuid.UUID(random[i*16 : (i+1)*16])
			u[6] = (u[6] & 0x0f) | 0x40 // version 4
			u[8] = (u[8] & 0x3f) | 0x80 // variant RFC 4122
			appendUUID(text[i*n:i*n], u)
		}
		a.ids, a.idNext = string(text[:]), 0
	}
	a.idNext++
	return a.ids[(a.idNext-1)*n : a.idNext*n]
}

// appendUUID appends u as uuid.UUID.String writes it.
func appendUUID(dst []byte, u uuid.UUID) []byte {
	dst = hex.AppendEncode(dst, u[0:4])
	dst = append(dst, '-')
	dst = hex.AppendEncode(dst, u[4:6])
	dst = append(dst, '-')
	dst = hex.AppendEncode(dst, u[6:8])
	dst = append(dst, '-')
	dst = hex.AppendEncode(dst, u[8:10])
	dst = append(dst, '-')
	return hex.AppendEncode(dst, u[10:])
}

// resources fills resourcesAffected from what the scanner knows.
func resources(obj ObjectInfo, partition string) ResourcesAffected {
	if partition == "" {
		partition = "aws"
	}
	o := S3Object{
		ETag:         strings.Trim(obj.ETag, `"`),
		Extension:    obj.Extension,
		Key:          obj.Key,
		LastModified: Timestamp{obj.LastModified},
		Path:         obj.Path,
		Size:         obj.Size,
		StorageClass: obj.StorageClass,
		VersionID:    obj.VersionID,
	}
	if o.Extension == "" {
		o.Extension = strings.TrimPrefix(path.Ext(obj.Key), ".")
	}
	if obj.EncryptionType != "" {
		o.ServerSideEncryption = &ServerSideEncryption{EncryptionType: obj.EncryptionType, KmsMasterKeyID: obj.KMSKeyID}
	}
	var ra ResourcesAffected
	if obj.Bucket != "" {
		arn := "arn:" + partition + ":s3:::" + obj.Bucket
		b := S3Bucket{}
		if obj.BucketDetails != nil {
			b = *obj.BucketDetails
		}
		b.Arn, b.Name = arn, obj.Bucket
		ra.S3Bucket = &b
		o.BucketArn = arn
		if o.Path == "" {
			o.Path = obj.Bucket + "/" + obj.Key
		}
	} else if o.Path == "" {
		o.Path = obj.Key
	}
	ra.S3Object = o
	return ra
}
