package scanner

import "github.com/piiscan/piiscan/detectors"

// severityTable answers the severity of a detection by its type name, for
// the findings aggregator, which knows names, not identifiers.
type severityTable map[severityKey]*detectors.Identifier

type severityKey struct {
	typ    string
	custom bool
}

func newSeverityTable(e *detectors.Engine) severityTable {
	ids := e.Identifiers()
	t := make(severityTable, len(ids))
	for i := range ids {
		t[severityKey{ids[i].ID, ids[i].Custom}] = &ids[i]
	}
	return t
}

func (t severityTable) severity(typ string, custom bool, count int64) string {
	id, ok := t[severityKey{typ, custom}]
	if !ok {
		return ""
	}
	return id.SeverityFor(int(count)).String()
}
