package jobs

import "strings"

// BucketInfo is what bucket criteria look at.
type BucketInfo struct {
	Name, AccountID string
	// Tags are the bucket's tags; read only when NeedsTags.
	Tags map[string]string
}

// NeedsTags reports whether the criteria look at bucket tags, which cost a
// GetBucketTagging request per bucket.
func (c *BucketCriteria) NeedsTags() bool {
	for _, b := range []*CriteriaBlock{c.Includes, c.Excludes} {
		if b == nil {
			continue
		}
		for _, t := range b.And {
			if t.TagCriterion != nil {
				return true
			}
		}
	}
	return false
}

// NeedsAccountID reports whether the criteria look at the account ID
// (key ACCOUNT_ID), which, when the job does not name its account, costs
// an sts:GetCallerIdentity request.
func (c *BucketCriteria) NeedsAccountID() bool {
	for _, b := range []*CriteriaBlock{c.Includes, c.Excludes} {
		if b == nil {
			continue
		}
		for _, t := range b.And {
			if t.SimpleCriterion != nil && t.SimpleCriterion.Key == "ACCOUNT_ID" {
				return true
			}
		}
	}
	return false
}

// Match reports whether a bucket is selected: it meets every condition of
// the includes and not every condition of the excludes. Within a condition,
// EQ and STARTS_WITH hold when any value does, NE when none does.
func (c *BucketCriteria) Match(b BucketInfo) bool {
	if c.Includes != nil && !allCriteria(c.Includes.And, b) {
		return false
	}
	return c.Excludes == nil || len(c.Excludes.And) == 0 || !allCriteria(c.Excludes.And, b)
}

func allCriteria(terms []CriteriaForJob, b BucketInfo) bool {
	for _, t := range terms {
		if !t.match(b) {
			return false
		}
	}
	return true
}

func (t CriteriaForJob) match(b BucketInfo) bool {
	if s := t.SimpleCriterion; s != nil {
		v := b.Name
		if s.Key == "ACCOUNT_ID" {
			v = b.AccountID
		}
		any := false
		for _, want := range s.Values {
			if s.Comparator == "STARTS_WITH" && strings.HasPrefix(v, want) || s.Comparator != "STARTS_WITH" && v == want {
				any = true
				break
			}
		}
		return any == (s.Comparator != "NE")
	}
	if g := t.TagCriterion; g != nil {
		any := false
		for _, p := range g.TagValues {
			if v, ok := b.Tags[p.Key]; ok && (p.Value == "" || v == p.Value) {
				any = true
				break
			}
		}
		return any == (g.Comparator == "EQ")
	}
	return false
}
