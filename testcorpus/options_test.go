package testcorpus

import "testing"

// TestCorpusAcrossOptions: the corpus the scanner's accuracy test generates,
// and a dense one, pass the audit too (rare collisions show with other
// seeds and densities than the default).
func TestCorpusAcrossOptions(t *testing.T) {
	if testing.Short() {
		t.Skip("several corpora")
	}
	for _, o := range []Options{
		{Seed: 20261122, Files: 2, Rows: 1500, Density: 0.03}, // scanner's TestAccuracy
		{Seed: 5, Files: 1, Rows: 3000, Density: 0.3},
	} {
		dir, m := generate(t, o)
		for _, f := range verifyCorpus(dir, m) {
			t.Errorf("seed %d density %g: %s", o.Seed, o.Density, f)
		}
	}
}
