package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/model-da/store"
	"github.com/aievm/aievm/opml/generate"
	"github.com/aievm/aievm/opml/model"
	"github.com/aievm/aievm/opml/tokenizer"
)

// inferPrompt is `aievm infer --prompt`: greedy generation on a node, one
// eth_call to the precompile per token with a generation model, or one per
// stage for each new position with a KV-cache chain (--model lists its
// stages). It prints the completion as it comes, then its token ids and
// why it stopped.
func inferPrompt(c *cli.Context) error {
	for _, f := range []string{"input", "input-f32", "input-i8", "output-size", "send", "format"} {
		if c.IsSet(f) {
			return fmt.Errorf("--prompt and --%s: the prompt is the input, the completion the output", f)
		}
	}
	if c.String("tokenizer") == "" {
		return errors.New("--prompt needs --tokenizer, the model's GGUF file")
	}
	if c.Int("max-tokens") < 1 {
		return fmt.Errorf("--max-tokens %d: want at least 1", c.Int("max-tokens"))
	}
	// The model, or a KV-cache chain's stages in order: the input flags are
	// refused above, so only the addresses and the registry are read here.
	var models []model.Address
	for _, a := range strings.Split(c.String("model"), ",") {
		m, err := store.ParseAddress(strings.TrimSpace(a))
		if err != nil {
			return fmt.Errorf("--model: %w", err)
		}
		models = append(models, m)
	}
	registry, err := addressFlag(c, "registry")
	if err != nil {
		return err
	}
	tk, err := tokenizer.Open(c.String("tokenizer"))
	if err != nil {
		return err
	}
	prompt, err := tk.Encode(c.String("prompt"), true) // with BOS first if the file asks for it
	if err != nil {
		return fmt.Errorf("--prompt: %w", err)
	}
	client, err := ethclient.DialContext(c.Context, c.String("rpc"))
	if err != nil {
		return fmt.Errorf("dial %s: %w", c.String("rpc"), err)
	}
	defer client.Close()
	var hs []*model.Header
	for _, m := range models {
		h, err := onchain.HeaderRPC(c.Context, client, registry, m)
		if err != nil {
			return fmt.Errorf("read model 0x%x's header: %w", m, err)
		}
		hs = append(hs, h)
	}
	// greedy runs the loop: with the generation model, one call a token;
	// with a chain, one call a stage for each new position.
	var greedy func(emit func(int32)) ([]int32, generate.Stop, error)
	var window int
	if g, gerr := generate.FromHeader(hs[0]); gerr == nil && len(hs) == 1 {
		window = g.Seq
		r := inferRequest{model: models[0], registry: registry, outputSize: 4}
		call := func(ctx context.Context, input []byte) ([]byte, error) {
			r.input = input
			return callPrecompile(ctx, client, r)
		}
		greedy = func(emit func(int32)) ([]int32, generate.Stop, error) {
			return g.Greedy(c.Context, call, prompt, c.Int("max-tokens"), tk.EOS, emit)
		}
	} else {
		ch, err := generate.ChainFromHeaders(hs)
		if err != nil {
			if len(hs) == 1 {
				return fmt.Errorf("--model is neither a generation model (%w) nor a one-stage kv-cache chain (%w)", gerr, err)
			}
			return err
		}
		window = ch.Positions
		call := func(ctx context.Context, i int, input []byte) ([]byte, error) {
			return callPrecompile(ctx, client, inferRequest{model: models[i], registry: registry, input: input, outputSize: uint64(ch.Outputs[i])})
		}
		greedy = func(emit func(int32)) ([]int32, generate.Stop, error) {
			return ch.Greedy(c.Context, call, prompt, c.Int("max-tokens"), tk.EOS, emit)
		}
	}
	if len(prompt) > window {
		return fmt.Errorf("--prompt is %d tokens: the model's context is %d", len(prompt), window)
	}
	w := c.App.Writer
	fmt.Fprint(w, c.String("prompt"))
	var unknown error
	out, stop, err := greedy(func(id int32) {
		p, err := tk.Piece(id)
		if err != nil && unknown == nil {
			unknown = fmt.Errorf("the model gave token %d, which --tokenizer %s does not have: is it the model's GGUF? (%w)", id, c.String("tokenizer"), err)
		}
		w.Write(p)
	})
	fmt.Fprintln(w)
	if err != nil {
		return err
	}
	if unknown != nil {
		return unknown
	}
	ids := make([]string, len(out))
	for i, id := range out {
		ids[i] = fmt.Sprint(id)
	}
	fmt.Fprintf(w, "tokens: %s\nstop:   %s (%d tokens)\n", strings.Join(ids, " "), stop, len(out))
	return nil
}
