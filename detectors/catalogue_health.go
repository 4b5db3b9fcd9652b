package detectors

func healthRows() []Spec { return nil }
