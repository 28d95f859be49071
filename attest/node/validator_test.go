package node_test

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/aievm/aievm/attest"
	"github.com/aievm/aievm/attest/node"
	"github.com/prometheus/client_golang/prometheus"
)

// TestValidatorMetrics asks validators over HTTP to co-sign a valid proof,
// a proof of another input, a malformed body and (a validator without the
// model's keys) a valid proof, and checks each moves its outcome's counter
// of aievm_attest_validator_requests_total and no other, and that proof
// verifications are timed.
func TestValidatorMetrics(t *testing.T) {
	ctx := context.Background()
	s, m, a, k := published(t, false) // a validator reads the commitment from the registry, never the verifier
	x := []byte{1, 2, 3, 4}
	id, err := s.Request(ctx, m.Address(), x)
	if err != nil {
		t.Fatal(err)
	}
	p, err := k.Prove(a, x)
	if err != nil {
		t.Fatal(err)
	}
	other := *p
	other.Input = []byte{9, 9, 9, 9}

	serve := func(keysRoot string) (*prometheus.Registry, string) {
		reg := prometheus.NewRegistry()
		ms, err := node.NewValidatorMetrics(reg)
		if err != nil {
			t.Fatal(err)
		}
		v := &node.Validator{Chain: s.Chain.Client(), Settlement: s.Settlement, Key: s.Validators[0], KeysRoot: keysRoot,
			Log: slog.New(slog.DiscardHandler), Metrics: ms}
		srv := httptest.NewServer(v)
		t.Cleanup(srv.Close)
		return reg, srv.URL
	}
	good, goodURL := serve(keysRoot)
	keyless, keylessURL := serve(t.TempDir())
	if _, err := node.NewValidatorMetrics(good); err == nil {
		t.Error("registered a validator's metrics twice on one registry")
	}

	ask := func(url string, proof *attest.Proof) func() error {
		return func() error {
			_, err := node.AskValidator(ctx, http.DefaultClient, url, node.SignRequest{Request: id, Proof: proof})
			return err
		}
	}
	for _, c := range []struct {
		name   string
		reg    *prometheus.Registry
		do     func() error
		want   string // error text, "" for a signature
		result string
		verify uint64 // verifications timed so far
	}{
		{"valid proof", good, ask(goodURL, p), "", node.ResultSigned, 1},
		{"proof of another input", good, ask(goodURL, &other), "422 Unprocessable Entity", node.ResultRefused, 1},
		{"malformed body", good, func() error {
			r, err := http.Post(goodURL+"/v1/sign", "application/json", strings.NewReader("{"))
			if err != nil {
				return err
			}
			r.Body.Close()
			return fmt.Errorf("%s", r.Status)
		}, "400 Bad Request", node.ResultRefused, 1},
		{"no verifying key", keyless, ask(keylessURL, p), "503 Service Unavailable", node.ResultError, 0},
	} {
		before, _ := scrape(t, c.reg)
		err := c.do()
		switch {
		case c.want == "" && err != nil:
			t.Fatalf("%s: %v", c.name, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Fatalf("%s: error %v, want one saying %q", c.name, err, c.want)
		}
		after, verified := scrape(t, c.reg)
		for _, r := range []string{node.ResultSigned, node.ResultRefused, node.ResultError} {
			want := before[r]
			if r == c.result {
				want++
			}
			if after[r] != want {
				t.Errorf("%s: requests_total{result=%q} %v, want %v", c.name, r, after[r], want)
			}
		}
		if verified != c.verify {
			t.Errorf("%s: %d verifications timed, want %d", c.name, verified, c.verify)
		}
	}
}

// scrape gathers reg: aievm_attest_validator_requests_total by result and
// the count of aievm_attest_validator_verify_seconds.
func scrape(t *testing.T, reg *prometheus.Registry) (requests map[string]float64, verifications uint64) {
	t.Helper()
	fs, err := reg.Gather()
	if err != nil {
		t.Fatal(err)
	}
	requests = map[string]float64{}
	seen := 0
	for _, f := range fs {
		switch f.GetName() {
		case "aievm_attest_validator_requests_total":
			seen++
			for _, m := range f.GetMetric() {
				for _, l := range m.GetLabel() {
					if l.GetName() == "result" {
						requests[l.GetValue()] = m.GetCounter().GetValue()
					}
				}
			}
		case "aievm_attest_validator_verify_seconds":
			seen++
			verifications = f.GetMetric()[0].GetHistogram().GetSampleCount()
		}
	}
	if seen != 2 {
		t.Fatalf("validator metrics not all exported: %d of 2", seen)
	}
	return requests, verifications
}
