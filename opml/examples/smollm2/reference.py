"""Records what llama.cpp does with SmolLM2-135M-Instruct (the GGUF that
`make smollm2` unpacks) on fixed prompts, for the Go tests:

    make smollm2 llama-cpp
    build/pyenv/bin/python opml/examples/smollm2/reference.py build/models/SmolLM2-135M-Instruct.Q4_1.gguf

Writes next to this script:
- tokens.json: each prompt, whether special token texts were parsed, and
  llama.cpp's token ids (no BOS: the file says add_bos_token false);
- generations.json: for the GENERATE prompts, llama.cpp's greedy 32 tokens,
  its 20 largest logits after the prompt, its 5 largest before each greedy
  token (teacher-forced, one batch) and a float64 forward pass's logits of
  those 5 (exact_model). llama.cpp runs on one thread with a binary32 KV
  cache (its default, f16, rounds every key and value; the engine keeps
  them binary32).
"""

import json
import os
import sys

import llama_cpp
import numpy as np
from gguf import GGUFReader
from gguf.quants import dequantize
from llama_cpp import Llama

HERE = os.path.dirname(os.path.abspath(__file__))

PROMPTS = [
    "Hello, world!",
    "The capital of France is",
    "I'm sure you're right; they'll see we've done it.",
    "Prices rose 12.5% in 2024, from $1,234 to $1,388.",
    "  leading spaces,\ttabs\nand\n\nnewlines   ",
    "naïve café, Straße, Ελληνικά, русский, 日本語のテキスト, 한국어, emoji 🙂👍🏽",
    "def add(a, b):\n    return a + b  # sum\n",
    "<|im_start|>user\nWhat is 2+2?<|im_end|>\n<|im_start|>assistant\n",
    "",
]

GENERATE = [
    "The capital of France is",
    "<|im_start|>user\nWhat is the tallest mountain on Earth?<|im_end|>\n<|im_start|>assistant\n",
    "def fibonacci(n):\n",
    "Once upon a time, in a small village,",
]
STEPS = 32
GGML_TYPE_F32 = 0


def exact_model(path):
    """A float64 forward pass of the GGUF llama: weights dequantized
    exactly, no activation quantization, numpy's own exp and sums. The
    yardstick both engines are measured against (each differs from it by
    its activation quantization and rounding)."""
    r = GGUFReader(path)
    w = {t.name: dequantize(t.data, t.tensor_type).astype(np.float64) for t in r.tensors}

    def meta(key):
        f = r.fields[key]
        return f.parts[f.data[0]][0]

    dim, layers = int(meta("llama.embedding_length")), int(meta("llama.block_count"))
    heads, kv_heads = int(meta("llama.attention.head_count")), int(meta("llama.attention.head_count_kv"))
    eps, base = float(meta("llama.attention.layer_norm_rms_epsilon")), float(meta("llama.rope.freq_base"))
    dh = dim // heads

    def rms(x, g):
        return x / np.sqrt((x * x).mean(-1, keepdims=True) + eps) * g

    def rope(x, n):  # pairs (2i, 2i+1) of each head, angle pos * base^(-2i/dh)
        x = x.reshape(n, -1, dh).copy()
        ang = np.arange(n)[:, None] * base ** (-2 * np.arange(dh // 2) / dh)
        c, s = np.cos(ang)[:, None, :], np.sin(ang)[:, None, :]
        a, b = x[..., 0::2].copy(), x[..., 1::2].copy()
        x[..., 0::2], x[..., 1::2] = a * c - b * s, a * s + b * c
        return x

    def forward(ids):
        n = len(ids)
        x = w["token_embd.weight"][ids]
        mask = np.triu(np.full((n, n), -np.inf), 1)
        for layer in range(layers):
            p = f"blk.{layer}."
            h = rms(x, w[p + "attn_norm.weight"])
            q, k = rope(h @ w[p + "attn_q.weight"].T, n), rope(h @ w[p + "attn_k.weight"].T, n)
            v = (h @ w[p + "attn_v.weight"].T).reshape(n, kv_heads, dh)
            att = np.zeros((n, heads, dh))
            for hh in range(heads):
                g = hh // (heads // kv_heads)
                sc = q[:, hh] @ k[:, g].T / np.sqrt(dh) + mask
                sc = np.exp(sc - sc.max(-1, keepdims=True))
                att[:, hh] = (sc / sc.sum(-1, keepdims=True)) @ v[:, g]
            x = x + att.reshape(n, dim) @ w[p + "attn_output.weight"].T
            h = rms(x, w[p + "ffn_norm.weight"])
            gate, up = h @ w[p + "ffn_gate.weight"].T, h @ w[p + "ffn_up.weight"].T
            x = x + (gate / (1 + np.exp(-gate)) * up) @ w[p + "ffn_down.weight"].T
        x = rms(x[-1:], w["output_norm.weight"])
        return (x @ w.get("output.weight", w["token_embd.weight"]).T)[0]

    return forward


def main():
    llm = Llama(model_path=sys.argv[1], vocab_only=True, verbose=False)
    cases = []
    for text in PROMPTS:
        for special in (False, True):
            ids = llm.tokenize(text.encode(), add_bos=False, special=special)
            cases.append({"text": text, "special": special, "ids": ids})
    with open(os.path.join(HERE, "tokens.json"), "w") as f:  # one case a line
        f.write('{"model": %s, "cases": [\n' % json.dumps(os.path.basename(sys.argv[1])))
        f.write(",\n".join(json.dumps(c, ensure_ascii=False) for c in cases))
        f.write("\n]}\n")
    print(f"{len(cases)} tokenizations written")

    llm = Llama(model_path=sys.argv[1], n_ctx=512, n_threads=1, n_batch=512, logits_all=True, verbose=False,
                type_k=GGML_TYPE_F32, type_v=GGML_TYPE_F32)
    forward = exact_model(sys.argv[1])
    gens = []
    for text in GENERATE:
        prompt = llm.tokenize(text.encode(), add_bos=False, special=True)
        llm.reset()
        llm.eval(prompt)
        logits = np.array(llm.scores[len(prompt) - 1], dtype=np.float32)
        top = np.argsort(-logits, kind="stable")[:20]
        out = []
        llm.reset()
        for t in llm.generate(prompt, top_k=1, temp=0.0, repeat_penalty=1.0):
            out.append(int(t))
            if len(out) == STEPS:
                break
        # the 5 largest logits before each greedy token, teacher-forced
        llm.reset()
        llm.eval(prompt + out[:-1])
        steps = []
        for i in range(STEPS):
            lg = np.array(llm.scores[len(prompt) - 1 + i], dtype=np.float32)
            steps.append([[int(j), float(lg[j])] for j in np.argsort(-lg, kind="stable")[:5]])
        exact = []
        for i in range(STEPS):
            lg = forward(prompt + out[:i])
            exact.append([float(lg[j]) for j, _ in steps[i]])
        gens.append({"text": text, "prompt": prompt, "greedy": out,
                     "completion": llm.detokenize(out).decode(errors="replace"),
                     "top": [[int(i), float(logits[i])] for i in top], "steps": steps, "exact": exact})
    with open(os.path.join(HERE, "generations.json"), "w") as f:
        f.write('{"model": %s, "llama_cpp_python": %s, "generations": [\n' % (
            json.dumps(os.path.basename(sys.argv[1])), json.dumps(llama_cpp.__version__)))
        f.write(",\n".join(json.dumps(g, ensure_ascii=False) for g in gens))
        f.write("\n]}\n")
    print(f"{len(gens)} greedy generations of {STEPS} tokens written")


if __name__ == "__main__":
    main()
