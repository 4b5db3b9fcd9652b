//go:build race

package sources

// raceEnabled: the race detector's sync.Pool drops items at random, so
// the allocation tests skip.
const raceEnabled = true
