"""Raw llama-cpp-python beside Hearth's path, so model tests hold on every CPU.

A tiny model's greedy reply depends on which CPU kernels ran: SmolLM2-135M answers "What is
the capital of France?" with "Paris" on an AVX-512 Xeon and with "La femme de France…" on an
AVX2 EPYC, raw llama-cpp-python included. So no test asserts one model's words. Tests assert
what Hearth guarantees instead:

- `raw_chat`: for the same messages, sampling and machine, Hearth's path (template, prompt
  tokens, sampler, stop handling) produces the same reply as llama-cpp-python's own
  `create_chat_completion`, which formats the GGUF's template itself;
- `top_candidates`: the prompt Hearth builds is sane, shown by the model's next-token ranking
  after a fixed prefix (" Paris" ranks in the top few), not by one greedy path.

Both sides start from an empty KV cache (the backend's `reset()`): evaluating a prompt in
other batch splits may change logits in the last bits, enough to flip a near tie.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from engine.backends.base import ChatMessage, Sampling
from engine.backends.llamacpp import import_llama, model_params_hook, use_extra_buffers

# Questions whose answer a sane 135M instruct model ranks near the top after the prefix.
CAPITALS = [
    ("France", "Paris"),
    ("Germany", "Berlin"),
    ("Italy", "Rome"),
    ("Japan", "Tokyo"),
    ("Spain", "Madrid"),
    ("Poland", "Warsaw"),
]


def raw_llama(path: Path, n_ctx: int, threads: int | None = None) -> Any:
    """A plain `llama_cpp.Llama`, loaded with the same kernels choice Hearth makes.

    Weight repacking must match (it is off on AMX CPUs, where it crashes), or the two
    sides would run different matrix code.
    """
    llama_cpp = import_llama()
    with model_params_hook(use_extra_buffers(), None):
        return llama_cpp.Llama(
            model_path=str(path), n_ctx=n_ctx, n_threads=threads, n_threads_batch=threads,
            verbose=False,
        )


def raw_chat(llm: Any, messages: list[ChatMessage], sampling: Sampling) -> tuple[str, int]:
    """(text, completion tokens) of llama-cpp-python's own chat completion, from scratch."""
    llm.reset()
    out = llm.create_chat_completion(
        messages=[{"role": m.role, "content": m.content} for m in messages],
        temperature=sampling.temperature,
        top_k=sampling.top_k,
        top_p=sampling.top_p,
        min_p=sampling.min_p,
        repeat_penalty=sampling.repeat_penalty,
        max_tokens=sampling.max_tokens,
        stop=list(sampling.stop) or None,
        seed=sampling.seed,
    )
    # Hearth drops the spaces a reply starts with; nothing else may differ.
    return out["choices"][0]["message"]["content"].lstrip(" "), out["usage"]["completion_tokens"]


def top_candidates(llm: Any, prompt_tokens: list[int], prefix: str, k: int = 5) -> list[str]:
    """The `k` most likely next tokens (as text, stripped) after `prompt_tokens` + `prefix`."""
    import numpy as np

    llama_cpp = import_llama()
    tokens = list(prompt_tokens) + llm.tokenize(prefix.encode("utf-8"), add_bos=False)
    llm.reset()
    llm.eval(tokens)
    logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(llm.ctx, -1),
                                   shape=(llm.n_vocab(),))
    best = np.argsort(-logits)[:k]
    return [llm.detokenize([int(t)]).decode("utf-8", "replace").strip() for t in best]


def capital_question(country: str) -> list[ChatMessage]:
    return [
        ChatMessage("system", "You are a helpful assistant."),
        ChatMessage("user", f"What is the capital of {country}?"),
    ]
