package daemon

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"testing"
)

const deployDir = "../deploy/daemon/"

// TestDeployExampleConfig: the example configuration loads, and the only
// problems are the example job files, which do not exist here.
func TestDeployExampleConfig(t *testing.T) {
	c, err := LoadConfig(deployDir + "daemon.example.yaml")
	if err != nil {
		t.Fatal(err)
	}
	_, err = c.Validate()
	var ce *ConfigError
	if !errors.As(err, &ce) {
		t.Fatalf("err = %v, want the missing job files reported", err)
	}
	for _, p := range ce.Problems {
		if !strings.Contains(p, ".definition: open /etc/piiscan/jobs/") {
			t.Errorf("unexpected problem: %s", p)
		}
	}
	if c.Listen != DefaultListen || c.Queue.MaxInFlight != 8 || len(c.Jobs) != 2 {
		t.Errorf("example config read as %+v", c)
	}
}

var metricName = regexp.MustCompile(`\bpiiscan_[a-z_]+`)

// TestDeployMetricNames: the dashboard and the alert rules use only
// metrics the daemon exports, so a rename cannot silently blank a panel or
// disarm an alert.
func TestDeployMetricNames(t *testing.T) {
	families, err := exercised().Registry.Gather()
	if err != nil {
		t.Fatal(err)
	}
	known := map[string]bool{}
	for _, f := range families {
		known[f.GetName()] = true
	}
	for _, file := range []string{"grafana-dashboard.json", "prometheus-rules.yaml"} {
		data, err := os.ReadFile(deployDir + file)
		if err != nil {
			t.Fatal(err)
		}
		names := metricName.FindAllString(string(data), -1)
		if len(names) == 0 {
			t.Errorf("%s names no metric", file)
		}
		for _, n := range names {
			base := n
			for _, suffix := range []string{"_bucket", "_sum", "_count"} {
				if b, ok := strings.CutSuffix(n, suffix); ok && known[b] {
					base = b
				}
			}
			if !known[base] {
				t.Errorf("%s: unknown metric %s", file, n)
			}
		}
	}
}

func TestDeployDashboardJSON(t *testing.T) {
	data, err := os.ReadFile(deployDir + "grafana-dashboard.json")
	if err != nil {
		t.Fatal(err)
	}
	var d struct {
		UID    string `json:"uid"`
		Panels []struct {
			ID      int    `json:"id"`
			Type    string `json:"type"`
			Title   string `json:"title"`
			Targets []struct {
				Expr string `json:"expr"`
			} `json:"targets"`
		} `json:"panels"`
	}
	if err := json.Unmarshal(data, &d); err != nil {
		t.Fatal(err)
	}
	ids := map[int]bool{}
	for _, p := range d.Panels {
		if ids[p.ID] {
			t.Errorf("panel id %d twice", p.ID)
		}
		ids[p.ID] = true
		if p.Type != "row" && (len(p.Targets) == 0 || p.Targets[0].Expr == "") {
			t.Errorf("panel %q has no query", p.Title)
		}
	}
	if d.UID == "" || len(d.Panels) < 10 {
		t.Errorf("dashboard uid %q, %d panels", d.UID, len(d.Panels))
	}
}

// TestDeployAlertRules runs `promtool check rules` when promtool is
// installed.
func TestDeployAlertRules(t *testing.T) {
	promtool, err := exec.LookPath("promtool")
	if err != nil {
		t.Skip("promtool not installed (Debian package prometheus)")
	}
	if out, err := exec.Command(promtool, "check", "rules", deployDir+"prometheus-rules.yaml").CombinedOutput(); err != nil {
		t.Errorf("promtool check rules: %v\n%s", err, out)
	}
}
