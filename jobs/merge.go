package jobs

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"math"
	"slices"
	"strings"

	"github.com/piiscan/piiscan/findings"
)

// ShardSummaries reads, for each of count shards, the summary of its latest
// run (the one in progress, else the last completed), as Execute stored
// it. A shard that never ran, or whose run stored no summary yet, is listed
// in missing.
func ShardSummaries(ctx context.Context, repo Repository, job *Job, count int) (sums []Summary, missing []string, err error) {
	for i := range count {
		sh := Shard{Index: i, Count: count}
		st, err := LoadState(ctx, repo, job, sh)
		if err != nil {
			return nil, nil, err
		}
		run := st.Current
		if run == nil {
			run = st.Last
		}
		if run == nil {
			missing = append(missing, sh.String())
			continue
		}
		data, err := repo.Get(ctx, "summary-"+run.ID+"-"+sh.Name()+".json")
		if errors.Is(err, ErrNotExist) {
			missing = append(missing, sh.String())
			continue
		}
		if err != nil {
			return nil, nil, err
		}
		var s Summary
		if err := json.Unmarshal(data, &s); err != nil {
			return nil, nil, fmt.Errorf("summary of shard %s: %w", sh, err)
		}
		sums = append(sums, s)
	}
	return sums, missing, nil
}

// MergeSummaries adds up the summaries of a job's shards: counts are
// summed, severities take the highest, bucket scores are computed again
// from the merged counts, and the time span runs from the first start to
// the last finish. Complete is true when every summary is.
func MergeSummaries(sums []Summary) Summary {
	var m Summary
	if len(sums) == 0 {
		return m
	}
	m = Summary{
		JobID: sums[0].JobID, JobName: sums[0].JobName, JobType: sums[0].JobType, Results: sums[0].Results,
		Complete: true, StartedAt: sums[0].StartedAt, FinishedAt: sums[0].FinishedAt,
		Partial: map[string]Count{}, Failed: map[string]Count{}, Skipped: map[string]Count{},
		FindingTypes: map[string]int64{}, Severities: map[string]int64{},
	}
	var runs, shards, starts []string
	types := map[string]*findings.TypeSummary{}
	var typeOrder []string
	buckets := map[string]*BucketSummary{}
	for _, s := range sums {
		runs = appendNew(runs, s.RunID)
		shards = append(shards, s.Shard)
		starts = appendNew(starts, s.Start)
		m.Complete = m.Complete && s.Complete
		if s.StartedAt.Before(m.StartedAt) {
			m.StartedAt = s.StartedAt
		}
		if s.FinishedAt.After(m.FinishedAt) {
			m.FinishedAt = s.FinishedAt
		}
		m.Scanned.Objects += s.Scanned.Objects
		m.Scanned.Bytes += s.Scanned.Bytes
		m.ScannedEarlier.Objects += s.ScannedEarlier.Objects
		m.ScannedEarlier.Bytes += s.ScannedEarlier.Bytes
		addCounts(m.Partial, s.Partial)
		addCounts(m.Failed, s.Failed)
		addCounts(m.Skipped, s.Skipped)
		m.Recorded += s.Recorded
		m.Deduplicated += s.Deduplicated
		m.ObjectsWithFindings += s.ObjectsWithFindings
		for k, v := range s.FindingTypes {
			m.FindingTypes[k] += v
		}
		for k, v := range s.Severities {
			m.Severities[k] += v
		}
		for _, t := range s.Types {
			key := fmt.Sprintf("%t\x00%s", t.Custom, t.Type)
			mt := types[key]
			if mt == nil {
				c := t
				c.Occurrences, c.Objects = 0, 0
				mt = &c
				types[key] = mt
				typeOrder = append(typeOrder, key)
			}
			mt.Occurrences += t.Occurrences
			mt.Objects += t.Objects
			mt.Severity = max(mt.Severity, t.Severity)
		}
		for _, b := range s.Buckets {
			mb := buckets[b.Bucket]
			if mb == nil {
				mb = &BucketSummary{Bucket: b.Bucket}
				buckets[b.Bucket] = mb
			}
			mb.Scanned.Objects += b.Scanned.Objects
			mb.Scanned.Bytes += b.Scanned.Bytes
			mb.Failed.Objects += b.Failed.Objects
			mb.Failed.Bytes += b.Failed.Bytes
			mb.ObjectsWithFindings += b.ObjectsWithFindings
			mb.Occurrences += b.Occurrences
			mb.MaxSeverity = max(mb.MaxSeverity, b.MaxSeverity)
		}
	}
	m.RunID, m.Shard, m.Start = strings.Join(runs, ","), strings.Join(shards, ","), strings.Join(starts, ",")
	for _, k := range typeOrder {
		m.Types = append(m.Types, *types[k])
	}
	// The order findings.Summary uses: most severe, most occurrences, name.
	slices.SortStableFunc(m.Types, func(a, b findings.TypeSummary) int {
		if a.Severity != b.Severity {
			return int(b.Severity) - int(a.Severity)
		}
		if a.Occurrences != b.Occurrences {
			if a.Occurrences > b.Occurrences {
				return -1
			}
			return 1
		}
		return strings.Compare(a.Type, b.Type)
	})
	for _, name := range slices.Sorted(maps.Keys(buckets)) {
		b := *buckets[name]
		b.SensitivityScore = SensitivityScore(b)
		m.Buckets = append(m.Buckets, b)
	}
	elapsed := m.FinishedAt.Sub(m.StartedAt).Seconds()
	m.ElapsedSeconds = math.Round(elapsed*1000) / 1000
	if elapsed > 0 {
		m.ObjectsPerSecond = math.Round(float64(m.Scanned.Objects-m.ScannedEarlier.Objects)/elapsed*100) / 100
		m.BytesPerSecond = math.Round(float64(m.Scanned.Bytes-m.ScannedEarlier.Bytes) / elapsed)
	}
	return m
}

func addCounts(dst, src map[string]Count) {
	for k, v := range src {
		c := dst[k]
		c.Objects += v.Objects
		c.Bytes += v.Bytes
		dst[k] = c
	}
}

func appendNew(xs []string, x string) []string {
	if slices.Contains(xs, x) {
		return xs
	}
	return append(xs, x)
}
