package dashboards

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// repo is the repository's root, from this package's directory.
var repo = filepath.Join("..", "..")

func TestMetricNames(t *testing.T) {
	for _, c := range []struct {
		expr string
		want []string
	}{
		{`aievm_models_bytes`, []string{"aievm_models_bytes"}},
		{`rate(aievm_inference_calls_total[1m])`, []string{"aievm_inference_calls_total"}},
		{`sum by (instance) (rate(aievm_inference_calls_total[$__rate_interval]))`, []string{"aievm_inference_calls_total"}},
		{`aievm_inference_latency{quantile="0.99"}`, []string{"aievm_inference_latency"}},
		{`histogram_quantile(0.95, sum by (le) (rate(a_seconds_bucket{job=~"x|y}"}[5m])))`, []string{"a_seconds_bucket"}},
		{`sum(rate(a_sum[5m])) / sum(rate(a_count[5m])) by (job)`, []string{"a_sum", "a_count"}},
		{`sum(a) / 1e18 + 0.5 * .5`, []string{"a"}},
		{`a > bool on(instance) group_left(job) b offset 5m`, []string{"a", "b"}},
		{`a unless ignoring (x) b or c and without_labels`, []string{"a", "b", "c", "without_labels"}},
		{`sum without (state) (g{state="open"}) # a comment naming not_a_metric`, []string{"g"}},
		{`{__name__="x"}`, nil},
		{`rate(x[${interval}]) * $scale`, []string{"x"}},
		{`topk(3, count by (job) (x)) + quantile(0.9, y) - count(z)`, []string{"x", "y", "z"}},
	} {
		got, err := MetricNames(c.expr)
		if err != nil || !slices.Equal(got, c.want) {
			t.Errorf("MetricNames(%q) = %q, %v; want %q", c.expr, got, err, c.want)
		}
	}
	for _, bad := range []string{`rate(x[5m)`, `x{a="b}`, `x}`, `sum by (le (x)`} {
		if got, err := MetricNames(bad); err == nil {
			t.Errorf("MetricNames(%q) = %q, want an error", bad, got)
		}
	}
}

func TestResolve(t *testing.T) {
	exported := map[string]Kind{"c_total": Plain, "h_seconds": Histogram, "s_seconds": Summary, "geth_latency": GethSummary}
	for _, c := range []struct {
		name, want string // want "" for a name no metric exports
	}{
		{"c_total", "c_total"},
		{"c_total_count", ""},
		{"h_seconds", ""}, // a classic histogram has no series of its bare name
		{"h_seconds_bucket", "h_seconds"},
		{"h_seconds_sum", "h_seconds"},
		{"h_seconds_count", "h_seconds"},
		{"s_seconds", "s_seconds"},
		{"s_seconds_sum", "s_seconds"},
		{"s_seconds_bucket", ""},
		{"geth_latency", "geth_latency"},
		{"geth_latency_count", "geth_latency"},
		{"geth_latency_sum", ""}, // geth's exporter writes no sum
		{"nothing", ""},
	} {
		got, ok := Resolve(exported, c.name)
		if got != c.want || ok != (c.want != "") {
			t.Errorf("Resolve(%q) = %q, %v; want %q", c.name, got, ok, c.want)
		}
	}
}

// TestExported finds the metrics of each kind of declaration in the repo.
func TestExported(t *testing.T) {
	exported, err := Exported(repo)
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		name string
		kind Kind
	}{
		{"aievm_inference_calls_total", Plain},               // geth counter
		{"aievm_inference_latency", GethSummary},             // geth timer
		{"aievm_models_bytes", Plain},                        // geth gauge
		{"aievm_challenger_games", Plain},                    // prometheus.NewDesc
		{"aievm_attest_proof_seconds", Histogram},            // HistogramOpts
		{"aievm_attest_results_settled_total", Plain},        // CounterOpts
		{"aievm_signer_requests_total", Plain},               // CounterOpts{ on its own line
		{"aievm_attest_validator_verify_seconds", Histogram}, // HistogramOpts
	} {
		if k, ok := exported[c.name]; !ok || k != c.kind {
			t.Errorf("%s: kind %v, found %v; want kind %v", c.name, k, ok, c.kind)
		}
	}
}

// TestAIEVMDashboard checks docs/grafana/aievm.json: a Grafana dashboard
// on a Prometheus data source variable, whose queries name only metrics the
// code exports and name every one of them.
func TestAIEVMDashboard(t *testing.T) {
	d, err := Load(filepath.Join(repo, "docs", "grafana", "aievm.json"))
	if err != nil {
		t.Fatal(err)
	}
	if d.UID == "" || d.Title == "" || d.SchemaVersion < 36 {
		t.Errorf("uid %q, title %q, schemaVersion %d: want a uid, a title and a schema of Grafana 9 or later", d.UID, d.Title, d.SchemaVersion)
	}
	const ds = "${DS_PROMETHEUS}"
	if !slices.ContainsFunc(d.Templating.List, func(v Variable) bool {
		return "${"+v.Name+"}" == ds && v.Type == "datasource" && v.Query == "prometheus"
	}) {
		t.Errorf("no Prometheus data source variable %s", ds)
	}
	exported, err := Exported(repo)
	if err != nil {
		t.Fatal(err)
	}
	used := map[string]bool{}
	ids := map[int]bool{}
	var placed []Panel
	for _, p := range d.All() {
		where := p.Title
		if p.ID <= 0 || ids[p.ID] {
			t.Errorf("%s: id %d is not a new positive id", where, p.ID)
		}
		ids[p.ID] = true
		if g := p.GridPos; g.W <= 0 || g.H <= 0 || g.X < 0 || g.Y < 0 || g.X+g.W > 24 {
			t.Errorf("%s: gridPos %+v is off the 24-column grid", where, g)
		}
		for _, q := range placed {
			if overlap(p.GridPos, q.GridPos) {
				t.Errorf("%s overlaps %s", where, q.Title)
			}
		}
		placed = append(placed, p)
		if p.Type == "row" {
			if len(p.Targets) > 0 {
				t.Errorf("row %s has queries", where)
			}
			continue
		}
		if p.Type == "" || p.Title == "" {
			t.Errorf("panel %d: type %q, title %q", p.ID, p.Type, p.Title)
		}
		if p.Datasource == nil || p.Datasource.UID != ds {
			t.Errorf("%s: data source %+v, want uid %s", where, p.Datasource, ds)
		}
		if len(p.Targets) == 0 {
			t.Errorf("%s: no queries", where)
		}
		refs := map[string]bool{}
		for _, q := range p.Targets {
			if q.RefID == "" || refs[q.RefID] {
				t.Errorf("%s: refId %q is not a new one", where, q.RefID)
			}
			refs[q.RefID] = true
			if q.Datasource != nil && q.Datasource.UID != ds {
				t.Errorf("%s %s: data source %+v, want uid %s", where, q.RefID, q.Datasource, ds)
			}
			names, err := MetricNames(q.Expr)
			if err != nil || len(names) == 0 {
				t.Errorf("%s %s: %q selects no metric (%v)", where, q.RefID, q.Expr, err)
			}
			for _, n := range names {
				m, ok := Resolve(exported, n)
				if !ok {
					t.Errorf("%s %s: %s is no metric the code exports", where, q.RefID, n)
				}
				used[m] = true
			}
		}
	}
	var missing []string
	for n := range exported {
		if !used[n] {
			missing = append(missing, n)
		}
	}
	slices.Sort(missing)
	if len(missing) > 0 {
		t.Errorf("exported metrics without a panel: %s", strings.Join(missing, ", "))
	}
}

func overlap(a, b GridPos) bool {
	return a.X < b.X+b.W && b.X < a.X+a.W && a.Y < b.Y+b.H && b.Y < a.Y+a.H
}
