package detectors

import (
	"slices"
	"testing"
)

func BenchmarkZZCustomDigits(b *testing.B) {
	for _, re := range []string{`\b\d{9}\b`, `[A-Z]{2}\d{6}`, `\b\d{5}\b`, `ORD-\d{4}`} {
		e, _ := Compile(Options{Managed: []string{}, Custom: []CustomDataIdentifier{{Name: "c", Regex: re}}})
		whole := *e
		whole.custom = slices.Clone(e.custom)
		whole.custom[0].lead, whole.custom[0].leadLit, whole.custom[0].digitRun = nil, nil, 0
		b.Run(re+"/win", func(b *testing.B) { benchScan(b, e, benchCorpusNUL(), FieldContext{}) })
		b.Run(re+"/whole", func(b *testing.B) { benchScan(b, &whole, benchCorpusNUL(), FieldContext{}) })
		b.Run(re+"/win-text", func(b *testing.B) { benchScan(b, e, benchCorpus(), FieldContext{}) })
		b.Run(re+"/whole-text", func(b *testing.B) { benchScan(b, &whole, benchCorpus(), FieldContext{}) })
	}
}
