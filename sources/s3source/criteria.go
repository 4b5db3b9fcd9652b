package s3source

import (
	"path"
	"strings"
	"time"

	"github.com/piiscan/piiscan/sources"
)

// Tag is an S3 object tag.
type Tag struct {
	Key, Value string
}

// Conditions are Macie's object scoping terms. Every condition that is set
// must hold for the Conditions to match (Macie joins the terms of a scoping
// block with AND); a list condition holds when any of its entries does. Unset
// conditions (nil, zero) are ignored.
type Conditions struct {
	// KeyPrefixes: the key starts with one of these (OBJECT_KEY STARTS_WITH).
	KeyPrefixes []string
	// Extensions: the key's file name extension is one of these, compared
	// without the dot and ignoring case (OBJECT_EXTENSION EQ): "csv", "gz".
	// The extension is what follows the last dot of the key's last path
	// segment; "a.tar.gz" has "gz", "README" has none ("" matches it).
	Extensions []string
	// MinSize and MaxSize bound the size in bytes (OBJECT_SIZE GTE / LTE);
	// MinSize applies when > 0, MaxSize when > 0.
	MinSize, MaxSize int64
	// ModifiedAfter and ModifiedBefore bound LastModified
	// (OBJECT_LAST_MODIFIED_DATE GTE / LT); each applies when non-zero.
	ModifiedAfter, ModifiedBefore time.Time
	// Tags: the object has one of these tags (TAG EQ). An empty Value
	// matches any value of the key.
	Tags []Tag
}

// IsZero reports whether no condition is set.
func (c Conditions) IsZero() bool {
	return len(c.KeyPrefixes) == 0 && len(c.Extensions) == 0 && c.MinSize <= 0 && c.MaxSize <= 0 &&
		c.ModifiedAfter.IsZero() && c.ModifiedBefore.IsZero() && len(c.Tags) == 0
}

// listedMatch checks the conditions the listing answers (all but Tags).
func (c Conditions) listedMatch(obj sources.Object) bool {
	if len(c.KeyPrefixes) > 0 && !hasAnyPrefix(obj.Key, c.KeyPrefixes) {
		return false
	}
	if len(c.Extensions) > 0 && !hasAnyExtension(rawExtension(obj.Key), c.Extensions) {
		return false
	}
	if c.MinSize > 0 && obj.Size < c.MinSize {
		return false
	}
	if c.MaxSize > 0 && obj.Size > c.MaxSize {
		return false
	}
	if !c.ModifiedAfter.IsZero() && obj.LastModified.Before(c.ModifiedAfter) {
		return false
	}
	if !c.ModifiedBefore.IsZero() && !obj.LastModified.Before(c.ModifiedBefore) {
		return false
	}
	return true
}

func (c Conditions) tagsMatch(tags map[string]string) bool {
	if len(c.Tags) == 0 {
		return true
	}
	return anyOf(c.Tags, func(t Tag) bool {
		v, ok := tags[t.Key]
		return ok && (t.Value == "" || v == t.Value)
	})
}

func (c Conditions) match(obj sources.Object, tags map[string]string) bool {
	return c.listedMatch(obj) && c.tagsMatch(tags)
}

// Criteria scope which listed objects are scanned, as a Macie job's
// scoping does: an object is scanned when it matches Include (all of its set
// conditions; an empty Include matches everything) and does not match
// Exclude (all of its set conditions; an empty Exclude matches nothing).
// Excludes win over includes.
type Criteria struct {
	Include Conditions
	Exclude Conditions
}

// NeedsTags reports whether Match needs the object's tags, which cost one
// GetObjectTagging request per object.
func (c Criteria) NeedsTags() bool {
	return len(c.Include.Tags) > 0 || len(c.Exclude.Tags) > 0
}

// Match reports whether obj is in scope. tags are the object's tags; they
// are only consulted when NeedsTags is true.
func (c Criteria) Match(obj sources.Object, tags map[string]string) bool {
	if !c.Include.match(obj, tags) {
		return false
	}
	return c.Exclude.IsZero() || !c.Exclude.match(obj, tags)
}

// decidedWithoutTags returns (false, true) when the listing alone puts obj
// out of scope, so its tags need not be fetched; (_, false) when the tags
// are needed to decide.
func (c Criteria) decidedWithoutTags(obj sources.Object) (match, decided bool) {
	if !c.Include.listedMatch(obj) {
		return false, true
	}
	if !c.Exclude.IsZero() && len(c.Exclude.Tags) == 0 && c.Exclude.listedMatch(obj) {
		return false, true
	}
	return false, false
}

// Extension returns the file name extension of an S3 key as Macie's
// OBJECT_EXTENSION sees it: after the last dot of the last path segment,
// lower-cased, without the dot; "" when there is none.
func Extension(key string) string {
	return strings.ToLower(rawExtension(key))
}

// rawExtension is Extension without the lower-casing (which allocates).
func rawExtension(key string) string {
	ext := path.Ext(path.Base(key))
	if ext == "" || ext == "." || key == "" || strings.HasSuffix(key, "/") {
		return ""
	}
	if ext == path.Base(key) && strings.Count(ext, ".") == 1 {
		// A dot file such as ".env" has a name and no extension.
		return ""
	}
	return ext[1:]
}

func hasAnyPrefix(key string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(key, p) {
			return true
		}
	}
	return false
}

func hasAnyExtension(ext string, exts []string) bool {
	for _, e := range exts {
		if strings.EqualFold(strings.TrimPrefix(e, "."), ext) {
			return true
		}
	}
	return false
}

func anyOf[T any](xs []T, f func(T) bool) bool {
	for _, x := range xs {
		if f(x) {
			return true
		}
	}
	return false
}
