package jobs

import (
	"strconv"
	"strings"
	"time"

	"github.com/piiscan/piiscan/sources"
	"github.com/piiscan/piiscan/sources/s3source"
)

// Scope decides which objects of a bucket a job analyses, as Macie's
// scoping does: an object is in scope when it meets every term of the
// includes and does not meet every term of the excludes (an empty includes
// block admits everything, an empty excludes block excludes nothing).
// Within a term, EQ and STARTS_WITH hold when any value does, NE when none
// does. Extensions compare without regard to case, as s3source's do.
type Scope struct {
	include, exclude []scopeTerm
}

type scopeTerm struct {
	key, comparator string
	values          []string
	size            int64
	time            time.Time
	tags            []TagPair
}

// CompileScope turns a validated scoping into a Scope; nil admits every
// object.
func CompileScope(s *Scoping) Scope {
	var sc Scope
	if s == nil {
		return sc
	}
	if s.Includes != nil {
		sc.include = compileTerms(s.Includes.And)
	}
	if s.Excludes != nil {
		sc.exclude = compileTerms(s.Excludes.And)
	}
	return sc
}

func compileTerms(terms []ScopeTerm) []scopeTerm {
	out := make([]scopeTerm, 0, len(terms))
	for _, t := range terms {
		switch {
		case t.SimpleScopeTerm != nil:
			s := t.SimpleScopeTerm
			st := scopeTerm{key: s.Key, comparator: s.Comparator, values: s.Values}
			if len(s.Values) > 0 {
				switch s.Key {
				case KeyObjectSize:
					st.size, _ = strconv.ParseInt(s.Values[0], 10, 64)
				case KeyObjectLastModified:
					st.time, _ = time.Parse(time.RFC3339, s.Values[0])
				}
			}
			out = append(out, st)
		case t.TagScopeTerm != nil:
			out = append(out, scopeTerm{key: KeyTag, comparator: t.TagScopeTerm.Comparator, tags: t.TagScopeTerm.TagValues})
		}
	}
	return out
}

// NeedsTags reports whether some term looks at object tags, which cost a
// GetObjectTagging request per object.
func (s Scope) NeedsTags() bool {
	for _, t := range append(s.include[:len(s.include):len(s.include)], s.exclude...) {
		if t.key == KeyTag {
			return true
		}
	}
	return false
}

// KeyPrefixes returns the key prefixes every object in scope starts with,
// so that listing can be limited to them: the values of the includes'
// OBJECT_KEY term with the prefixes of other values removed (so that no
// object is listed twice), or [""] when there is no such term.
func (s Scope) KeyPrefixes() []string {
	var values []string
	for _, t := range s.include {
		if t.key == KeyObjectKey {
			values = t.values
			break // several OBJECT_KEY terms are AND-ed; the first bounds listing
		}
	}
	if len(values) == 0 {
		return []string{""}
	}
	var out []string
	for i, v := range values {
		covered := false
		for k, w := range values {
			if k != i && strings.HasPrefix(v, w) && (len(w) < len(v) || k < i) {
				covered = true
				break
			}
		}
		if !covered {
			out = append(out, v)
		}
	}
	return out
}

// OutByListing reports whether the listed properties alone put obj out of
// scope, so that its tags need not be read.
func (s Scope) OutByListing(obj sources.Object) bool {
	if !allListed(s.include, obj) {
		return true
	}
	return len(s.exclude) > 0 && !hasTagTerm(s.exclude) && allListed(s.exclude, obj)
}

// Match reports whether obj is in scope. tags is called, at most once, only
// when the listed properties leave the answer open; its error is returned.
func (s Scope) Match(obj sources.Object, tags func() (map[string]string, error)) (bool, error) {
	if !allListed(s.include, obj) {
		return false, nil
	}
	excludable := len(s.exclude) > 0 && allListed(s.exclude, obj)
	var t map[string]string
	if hasTagTerm(s.include) || excludable && hasTagTerm(s.exclude) {
		var err error
		if t, err = tags(); err != nil {
			return false, err
		}
	}
	if !allTags(s.include, t) {
		return false, nil
	}
	return !(excludable && allTags(s.exclude, t)), nil
}

func hasTagTerm(terms []scopeTerm) bool {
	for _, t := range terms {
		if t.key == KeyTag {
			return true
		}
	}
	return false
}

func allListed(terms []scopeTerm, obj sources.Object) bool {
	for _, t := range terms {
		if t.key != KeyTag && !t.matchListed(obj) {
			return false
		}
	}
	return true
}

func allTags(terms []scopeTerm, tags map[string]string) bool {
	for _, t := range terms {
		if t.key == KeyTag && !t.matchTags(tags) {
			return false
		}
	}
	return true
}

func (t scopeTerm) matchListed(obj sources.Object) bool {
	switch t.key {
	case KeyObjectExtension:
		ext := s3source.Extension(obj.Key)
		any := false
		for _, v := range t.values {
			if strings.EqualFold(v, ext) {
				any = true
				break
			}
		}
		return any == (t.comparator == "EQ")
	case KeyObjectKey:
		for _, v := range t.values {
			if strings.HasPrefix(obj.Key, v) {
				return true
			}
		}
		return false
	case KeyObjectSize:
		return compare(obj.Size-t.size, t.comparator)
	case KeyObjectLastModified:
		return compare(int64(obj.LastModified.Compare(t.time)), t.comparator)
	}
	return false
}

// compare applies comparator to the sign of a - b.
func compare(diff int64, comparator string) bool {
	switch comparator {
	case "EQ":
		return diff == 0
	case "NE":
		return diff != 0
	case "GT":
		return diff > 0
	case "GTE":
		return diff >= 0
	case "LT":
		return diff < 0
	case "LTE":
		return diff <= 0
	}
	return false
}

func (t scopeTerm) matchTags(tags map[string]string) bool {
	any := false
	for _, p := range t.tags {
		if v, ok := tags[p.Key]; ok && (p.Value == "" || v == p.Value) {
			any = true
			break
		}
	}
	return any == (t.comparator == "EQ")
}
