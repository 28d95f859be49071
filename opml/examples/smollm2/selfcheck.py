"""Measures how far llama.cpp agrees with itself on SmolLM2-135M-Instruct:
each recorded prompt plus its 32 greedy tokens (generations.json) evaluated
in one batch (n_batch 512) and one token at a time (n_batch 1, its KV
cache), both on one thread with a binary32 KV cache, as reference.py runs
it. Prints, per prompt, the largest difference between the two
evaluations' logits at the batch's 5 largest, and the first of the 32
steps where their greedy picks differ:

    make smollm2 llama-cpp
    build/pyenv/bin/python opml/examples/smollm2/selfcheck.py build/models/SmolLM2-135M-Instruct.Q4_1.gguf
"""

import json
import os
import sys

import numpy as np
from llama_cpp import Llama

HERE = os.path.dirname(os.path.abspath(__file__))
GGML_TYPE_F32 = 0


def llama(path, batch):
    return Llama(model_path=path, n_ctx=512, n_threads=1, n_batch=batch, n_ubatch=batch, logits_all=True,
                 verbose=False, type_k=GGML_TYPE_F32, type_v=GGML_TYPE_F32)


def main():
    path = sys.argv[1]
    with open(os.path.join(HERE, "generations.json")) as f:
        rec = json.load(f)
    batched, single = llama(path, 512), llama(path, 1)
    for g in rec["generations"]:
        ids = g["prompt"] + g["greedy"][:-1]
        batched.reset()
        batched.eval(ids)
        a = np.array(batched.scores[:batched.n_tokens])
        single.reset()
        for i in ids:
            single.eval([i])
        b = np.array(single.scores[:single.n_tokens])
        first = len(g["prompt"]) - 1
        worst, differ = 0.0, None
        for step in range(len(g["greedy"])):
            x, y = a[first + step], b[first + step]
            top = np.argsort(-x)[:5]
            worst = max(worst, float(np.abs(x[top] - y[top]).max()))
            if differ is None and np.argmax(x) != np.argmax(y):
                differ = step
        print(f"{g['text'][:40]!r}: logits differ by up to {worst:.3f}; greedy picks "
              + (f"differ first at step {differ}" if differ is not None else "agree on all 32 steps"))


if __name__ == "__main__":
    main()
