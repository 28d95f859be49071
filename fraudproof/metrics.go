package fraudproof

import (
	"math/big"

	"github.com/prometheus/client_golang/prometheus"
)

// Collector exports a player's counters to Prometheus, read at each scrape:
// aievm_challenger_games{state="open"|"won"|"lost"} and
// aievm_challenger_bonds_at_stake_wei.
type Collector struct {
	p            *Player
	games, stake *prometheus.Desc
}

// NewCollector returns the collector of p's counters; register it in a
// registry of your own.
func NewCollector(p *Player) *Collector {
	return &Collector{p: p,
		games: prometheus.NewDesc("aievm_challenger_games", "Dispute games the player is a party of, by state.", []string{"state"}, nil),
		stake: prometheus.NewDesc("aievm_challenger_bonds_at_stake_wei", "Challenge bonds the player has posted in open games.", nil, nil),
	}
}

// Describe implements prometheus.Collector.
func (c *Collector) Describe(ch chan<- *prometheus.Desc) {
	ch <- c.games
	ch <- c.stake
}

// Collect implements prometheus.Collector.
func (c *Collector) Collect(ch chan<- prometheus.Metric) {
	s := c.p.Stats()
	ch <- prometheus.MustNewConstMetric(c.games, prometheus.GaugeValue, float64(s.Open), "open")
	ch <- prometheus.MustNewConstMetric(c.games, prometheus.GaugeValue, float64(s.Won), "won")
	ch <- prometheus.MustNewConstMetric(c.games, prometheus.GaugeValue, float64(s.Lost), "lost")
	wei, _ := new(big.Float).SetInt(s.AtStake).Float64()
	ch <- prometheus.MustNewConstMetric(c.stake, prometheus.GaugeValue, wei)
}
