package jobs

import (
	"testing"

	"github.com/piiscan/piiscan/findings"
)

func TestSensitivityScore(t *testing.T) {
	for _, tt := range []struct {
		name string
		b    BucketSummary
		want int
	}{
		{"nothing in scope", BucketSummary{}, 50},
		{"every object failed", BucketSummary{Failed: Count{3, 300}}, -1},
		{"clean, all analysed", BucketSummary{Scanned: Count{10, 1000}}, 1},
		{"clean, half the bytes failed", BucketSummary{Scanned: Count{10, 1000}, Failed: Count{1, 1000}}, 25},
		{"one low finding in a hundred", BucketSummary{Scanned: Count{100, 1}, ObjectsWithFindings: 1, MaxSeverity: findings.SeverityLow}, 51 + 8},
		{"high everywhere", BucketSummary{Scanned: Count{10, 1}, ObjectsWithFindings: 10, MaxSeverity: findings.SeverityHigh}, 100},
		{"half, medium", BucketSummary{Scanned: Count{10, 1}, ObjectsWithFindings: 5, MaxSeverity: findings.SeverityMedium}, 51 + 29},
	} {
		if got := SensitivityScore(tt.b); got != tt.want {
			t.Errorf("%s: %d, want %d", tt.name, got, tt.want)
		}
	}
}
