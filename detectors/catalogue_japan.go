package detectors

func japanRows() []Spec { return nil }
