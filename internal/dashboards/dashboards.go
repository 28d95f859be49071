// Package dashboards reads the Grafana dashboards checked in under
// docs/grafana and the metric names the code exports, so a test can hold
// the two together: a dashboard that queries a metric nothing exports shows
// an empty panel and no error, so it has to be caught before it is shipped.
package dashboards

import (
	"encoding/json"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
)

// Dashboard is the part of Grafana's dashboard JSON model the checks read.
type Dashboard struct {
	UID           string  `json:"uid"`
	Title         string  `json:"title"`
	SchemaVersion int     `json:"schemaVersion"`
	Panels        []Panel `json:"panels"`
	Templating    struct {
		List []Variable `json:"list"`
	} `json:"templating"`
}

// Variable is a dashboard template variable.
type Variable struct {
	Name  string `json:"name"`
	Type  string `json:"type"`
	Query any    `json:"query"` // a string for datasource variables, an object for some others
}

// Panel is a dashboard panel; a row holds its panels only when collapsed.
type Panel struct {
	ID         int         `json:"id"`
	Type       string      `json:"type"`
	Title      string      `json:"title"`
	GridPos    GridPos     `json:"gridPos"`
	Datasource *Datasource `json:"datasource"`
	Targets    []Target    `json:"targets"`
	Panels     []Panel     `json:"panels"`
}

// GridPos places a panel on Grafana's 24-column grid.
type GridPos struct {
	X int `json:"x"`
	Y int `json:"y"`
	W int `json:"w"`
	H int `json:"h"`
}

// Datasource names a panel's or a query's data source.
type Datasource struct {
	Type string `json:"type"`
	UID  string `json:"uid"`
}

// Target is one query of a panel.
type Target struct {
	RefID      string      `json:"refId"`
	Expr       string      `json:"expr"`
	Datasource *Datasource `json:"datasource"`
}

// Load reads a dashboard JSON file.
func Load(path string) (*Dashboard, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var d Dashboard
	if err := json.Unmarshal(b, &d); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return &d, nil
}

// All is every panel of d, those inside collapsed rows included.
func (d *Dashboard) All() []Panel {
	var out []Panel
	var walk func([]Panel)
	walk = func(ps []Panel) {
		for _, p := range ps {
			out = append(out, p)
			walk(p.Panels)
		}
	}
	walk(d.Panels)
	return out
}

// Kind is how a metric's name turns into the names of its series.
type Kind int

const (
	// Plain metrics (counters, gauges, const metrics, geth counters,
	// gauges and meters) have one series name: their own.
	Plain Kind = iota
	// Histogram is a Prometheus histogram: name_bucket, name_sum and
	// name_count, no series of the bare name.
	Histogram
	// Summary is a Prometheus summary: name{quantile}, name_sum, name_count.
	Summary
	// GethSummary is a geth timer or histogram as geth's exporter
	// (metrics/prometheus) writes it: name{quantile} and name_count, no sum.
	GethSummary
)

// Go sources that declare metrics: client_golang's options and descriptors,
// and geth's registered metrics (whose "a/b/c" names geth exports as a_b_c).
var (
	promOpts = regexp.MustCompile(`prometheus\.(Counter|Gauge|Histogram|Summary)Opts\{\s*Name:\s*"([^"]+)"`)
	promDesc = regexp.MustCompile(`prometheus\.NewDesc\(\s*"([^"]+)"`)
	gethReg  = regexp.MustCompile(`metrics\.(?:NewRegistered|GetOrRegister)(\w+)\(\s*"([^"]+)"`)
)

// notOurs are the repository's top-level directories of built or fetched
// things (.gitignore): build/ holds op-geth's and optimism's sources, whose
// metrics are theirs.
var notOurs = map[string]bool{"bin": true, "build": true, "data": true}

// Exported scans the repository's Go sources under root (tests, testdata,
// hidden, node_modules and notOurs directories aside, symbolic links not
// followed) for the metrics they declare, by exported name.
func Exported(root string) (map[string]Kind, error) {
	out := map[string]Kind{}
	err := filepath.WalkDir(root, func(path string, e fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if e.IsDir() {
			n := e.Name()
			if path != root && (strings.HasPrefix(n, ".") || n == "testdata" || n == "node_modules" ||
				notOurs[n] && filepath.Dir(path) == filepath.Clean(root)) {
				return filepath.SkipDir
			}
			return nil
		}
		if !e.Type().IsRegular() || !strings.HasSuffix(path, ".go") || strings.HasSuffix(path, "_test.go") {
			return nil
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, m := range promOpts.FindAllSubmatch(b, -1) {
			out[string(m[2])] = map[string]Kind{"Counter": Plain, "Gauge": Plain, "Histogram": Histogram, "Summary": Summary}[string(m[1])]
		}
		for _, m := range promDesc.FindAllSubmatch(b, -1) {
			out[string(m[1])] = Plain
		}
		for _, m := range gethReg.FindAllSubmatch(b, -1) {
			k := Plain
			switch string(m[1]) {
			case "Timer", "ResettingTimer", "Histogram":
				k = GethSummary
			}
			out[strings.ReplaceAll(string(m[2]), "/", "_")] = k
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("scanning %s for metrics: %w", root, err)
	}
	return out, nil
}

// Resolve is the exported metric that series name belongs to, if any:
// name itself, or a histogram's or summary's by its suffix.
func Resolve(exported map[string]Kind, name string) (metric string, ok bool) {
	if k, ok := exported[name]; ok && k != Histogram {
		return name, true
	}
	for suffix, kinds := range map[string][]Kind{
		"_bucket": {Histogram},
		"_sum":    {Histogram, Summary},
		"_count":  {Histogram, Summary, GethSummary},
	} {
		base, found := strings.CutSuffix(name, suffix)
		if !found {
			continue
		}
		if k, ok := exported[base]; ok {
			for _, want := range kinds {
				if k == want {
					return base, true
				}
			}
		}
	}
	return "", false
}

// PromQL's keywords, never metric names (aggregations among them: `sum by
// (x) (...)` puts no parenthesis right after sum); the grouping ones are
// followed by a list of label names.
var (
	keywords = map[string]bool{"bool": true, "and": true, "or": true, "unless": true, "offset": true, "inf": true, "nan": true,
		"sum": true, "min": true, "max": true, "avg": true, "group": true, "stddev": true, "stdvar": true, "count": true,
		"count_values": true, "bottomk": true, "topk": true, "quantile": true, "limitk": true, "limit_ratio": true}
	grouping = map[string]bool{"by": true, "without": true, "on": true, "ignoring": true, "group_left": true, "group_right": true}
)

// MetricNames are the metric names a PromQL expression selects, in order of
// appearance: identifiers that are not functions, aggregations, keywords,
// label names, durations, numbers or Grafana variables ($__rate_interval).
func MetricNames(expr string) ([]string, error) {
	var names []string
	s := expr
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '"' || c == '\'' || c == '`':
			end, err := skipString(s, i)
			if err != nil {
				return nil, err
			}
			i = end
		case c == '{' || c == '[':
			end, err := skipGroup(s, i)
			if err != nil {
				return nil, err
			}
			i = end
		case c == '}' || c == ']':
			return nil, fmt.Errorf("%q: unbalanced %c at %d", expr, c, i)
		case c == '#':
			for i < len(s) && s[i] != '\n' {
				i++
			}
		case c == '$':
			i++
			if i < len(s) && s[i] == '{' {
				end, err := skipGroup(s, i)
				if err != nil {
					return nil, err
				}
				i = end
			}
			for i < len(s) && isIdent(s[i]) {
				i++
			}
		case isDigit(c) || c == '.' && i+1 < len(s) && isDigit(s[i+1]):
			for i < len(s) && (isIdent(s[i]) || s[i] == '.') { // 1e18, 0x1f, 5m
				i++
			}
		case isIdentStart(c):
			start := i
			for i < len(s) && isIdent(s[i]) {
				i++
			}
			word := s[start:i]
			j := i
			for j < len(s) && (s[j] == ' ' || s[j] == '\t' || s[j] == '\n') {
				j++
			}
			switch {
			case grouping[strings.ToLower(word)]:
				if j < len(s) && s[j] == '(' {
					end, err := skipGroup(s, j)
					if err != nil {
						return nil, err
					}
					i = end
				}
			case keywords[strings.ToLower(word)], j < len(s) && s[j] == '(': // a keyword, a function or an aggregation
			default:
				names = append(names, word)
			}
		default:
			i++
		}
	}
	return names, nil
}

// skipGroup is the index after the bracket that closes the one at s[i],
// strings inside skipped whole.
func skipGroup(s string, i int) (int, error) {
	closing := map[byte]byte{'{': '}', '[': ']', '(': ')'}
	var stack []byte
	for j := i; j < len(s); {
		switch c := s[j]; {
		case c == '"' || c == '\'' || c == '`':
			end, err := skipString(s, j)
			if err != nil {
				return 0, err
			}
			j = end
			continue
		case closing[c] != 0:
			stack = append(stack, closing[c])
		case c == '}' || c == ']' || c == ')':
			if stack[len(stack)-1] != c {
				return 0, fmt.Errorf("%q: %c at %d closes nothing open", s, c, j)
			}
			if stack = stack[:len(stack)-1]; len(stack) == 0 {
				return j + 1, nil
			}
		}
		j++
	}
	return 0, fmt.Errorf("%q: %c at %d is not closed", s, s[i], i)
}

// skipString is the index after the string that starts at s[i].
func skipString(s string, i int) (int, error) {
	q := s[i]
	for j := i + 1; j < len(s); j++ {
		switch {
		case s[j] == '\\' && q != '`':
			j++
		case s[j] == q:
			return j + 1, nil
		}
	}
	return 0, fmt.Errorf("%q: string at %d is not closed", s, i)
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }
func isIdentStart(c byte) bool {
	return c == '_' || c == ':' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}
func isIdent(c byte) bool { return isIdentStart(c) || isDigit(c) }
