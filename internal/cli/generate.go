package cli

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/urfave/cli/v2"

	"github.com/aievm/aievm/model-da/onchain"
	"github.com/aievm/aievm/opml/generate"
	"github.com/aievm/aievm/opml/tokenizer"
)

// inferPrompt is `aievm infer --prompt`: greedy generation on a node, one
// eth_call to the precompile per token. It prints the completion as it
// comes, then its token ids and why it stopped.
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
	r, err := parseInferFlags(c)
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
	h, err := onchain.HeaderRPC(c.Context, client, r.registry, r.model)
	if err != nil {
		return fmt.Errorf("read the model's header: %w", err)
	}
	g, err := generate.FromHeader(h)
	if err != nil {
		return err
	}
	if len(prompt) > g.Seq {
		return fmt.Errorf("--prompt is %d tokens: the model's context is %d", len(prompt), g.Seq)
	}
	r.outputSize = 4
	call := func(ctx context.Context, input []byte) ([]byte, error) {
		r.input = input
		return callPrecompile(ctx, client, r)
	}
	w := c.App.Writer
	fmt.Fprint(w, c.String("prompt"))
	var unknown error
	out, stop, err := g.Greedy(c.Context, call, prompt, c.Int("max-tokens"), tk.EOS, func(id int32) {
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
