package detectors

import (
	"reflect"
	"testing"
)

// TestDefaultEngineStaticStorage: the default engine, whose keyword index
// lives in static storage, has the same index as one compiled on the heap,
// and that storage is its own.
func TestDefaultEngineStaticStorage(t *testing.T) {
	def, err := Compile(Options{})
	if err != nil {
		t.Fatal(err)
	}
	heap, err := compile(Options{})
	if err != nil {
		t.Fatal(err)
	}
	if def.kwIdx != &defaultKwIndex || def.kwIdx.quad != &defaultKwTables.quad || &def.kwIdx.triOff[0] != &defaultKwTables.triOff[0] {
		t.Fatal("the default engine's keyword index is not in its static storage")
	}
	if heap.kwIdx == &defaultKwIndex || heap.kwIdx.quad == &defaultKwTables.quad || &heap.kwIdx.triOff[0] == &defaultKwTables.triOff[0] {
		t.Fatal("a compile of the default options uses the default engine's storage")
	}
	if !reflect.DeepEqual(def.kwIdx, heap.kwIdx) {
		t.Fatal("the default engine's keyword index differs from a heap compile's")
	}
}
