"""The peer of `aievm model bench-llm`: llama.cpp (llama-cpp-python, built
from source by `make llama-cpp`) generating greedily on one thread, with a
binary32 KV cache, timed token by token.

    bench_llama.py MODEL.gguf '{"prompt": [ids], "tokens": N, "window": W}'

Prints one JSON object: the greedy tokens; the median time of one cached
token (one position through the model, the KV cache holding the rest); and
the median time of a window of W positions in one batch with an empty cache
(what one call of the engine's generation model computes).
"""

import json
import statistics
import sys
import time

import numpy as np
from llama_cpp import Llama

GGML_TYPE_F32 = 0


def main():
    req = json.loads(sys.argv[2])
    prompt, n, window = req["prompt"], req["tokens"], req["window"]
    llm = Llama(model_path=sys.argv[1], n_ctx=max(512, window), n_threads=1, n_threads_batch=1, n_batch=512,
                verbose=False, type_k=GGML_TYPE_F32, type_v=GGML_TYPE_F32)
    out, token_s = [], []
    for rep in range(3):
        llm.reset()
        llm.eval(prompt)
        ids = []
        for _ in range(n):
            # the last position's logits (without logits_all, llama-cpp-python
            # keeps no scores; llama.cpp computes the last row only)
            logits = np.ctypeslib.as_array(llm._ctx.get_logits(), shape=(llm.n_vocab(),))
            ids.append(int(np.argmax(logits)))
            t = time.perf_counter()
            llm.eval([ids[-1]])
            token_s.append(time.perf_counter() - t)
        out = ids
    window_s = []
    ids = (prompt + out)[:window]
    ids += [0] * (window - len(ids))
    for rep in range(5):
        llm.reset()
        t = time.perf_counter()
        llm.eval(ids)
        window_s.append(time.perf_counter() - t)
    print(json.dumps({"tokens": out, "token_ms": statistics.median(token_s) * 1e3,
                      "window_ms": statistics.median(window_s) * 1e3}))


if __name__ == "__main__":
    main()
