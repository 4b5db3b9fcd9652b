// Package precompile starts compiling the default detection engine while
// the rest of the program initialises. Go initialises packages one at a
// time, on one core: piiscan's dependencies (the AWS SDK's service tables,
// Prometheus) take ~30 ms of a cold start, and compiling the catalogue
// ~10 ms more. Imported by the main package for this side effect only, this
// package is initialised as soon as detectors is, so that the compile runs
// on another core during the remaining initialisation; detectors.Compile
// then finds the engine built, or waits for it.
package precompile

import "github.com/piiscan/piiscan/detectors"

func init() { detectors.CompileDefaultInBackground() }
