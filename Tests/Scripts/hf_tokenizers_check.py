#!/usr/bin/env python3
"""Helper of Tests/ProRankKitTests/Tokenizer/HFCrossCheckTests.swift: runs Hugging Face `tokenizers` on inputs the Swift test writes, so the test can
compare ProRank's tokenizer and trainer with the reference. Needs only the `tokenizers` package (the bench venv,
~/.cache/prorank-bench/venv, has it). Everything is exchanged as JSON files; the result goes to stdout.

    hf_tokenizers_check.py version
        -> {"tokenizers": "0.23.3"}
    hf_tokenizers_check.py encode TOKENIZER_JSON REQUEST_JSON
        REQUEST_JSON = {"texts": [str], "parse_special": bool}
        -> {"ids": [[int]], "decoded": [str]}          (add_special_tokens=False; decoded keeps special tokens)
    hf_tokenizers_check.py train REQUEST_JSON OUT_TOKENIZER_JSON
        REQUEST_JSON = {"corpus": [str], "vocab_size": int, "min_frequency": int, "preset": "gpt2"|"qwen2"|"smollm2",
                        "special_tokens": [str], "placement": "first"|"last"}
        -> {"vocab_size": int}   and the trained tokenizer.json (the preset's pipeline, as fx_models.py builds it)
    hf_tokenizers_check.py fx-corpus GEN_DIR MODULES_JSON
        GEN_DIR = shared/fixtures/gen; MODULES_JSON = ["argparse", ...] (reference.json -> tokenizer_training)
        -> {"parts": [str], "sha256": str, "python": str}   the tiny models' tokenizer corpus, rebuilt with
           fx_models.build_corpus (Python stdlib docstrings: only the same Python version gives the same corpus)
"""
import json
import sys

QWEN2_SPLIT = (r"(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+"
               r"|\s+(?!\S)|\s+")


def encode(tokenizer_path, request_path):
    from tokenizers import Tokenizer
    tok = Tokenizer.from_file(tokenizer_path)
    req = json.load(open(request_path, encoding="utf-8"))
    tok.encode_special_tokens = not req["parse_special"]
    ids = [tok.encode(t, add_special_tokens=False).ids for t in req["texts"]]
    decoded = [tok.decode(i, skip_special_tokens=False) for i in ids]
    return {"ids": ids, "decoded": decoded}


def train(request_path, out_path):
    from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, trainers
    req = json.load(open(request_path, encoding="utf-8"))
    preset, specials = req["preset"], req["special_tokens"]
    tok = Tokenizer(models.BPE(unk_token=None, fuse_unk=False, byte_fallback=False))
    if preset == "qwen2":
        tok.normalizer = normalizers.NFC()
        tok.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Split(Regex(QWEN2_SPLIT), behavior="isolated", invert=False),
            pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=False, use_regex=False)])
    elif preset == "smollm2":
        tok.pre_tokenizer = pre_tokenizers.Sequence([
            pre_tokenizers.Digits(individual_digits=True),
            pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True)])
    elif preset == "gpt2":
        tok.pre_tokenizer = pre_tokenizers.ByteLevel(add_prefix_space=False, trim_offsets=True, use_regex=True)
    else:
        raise SystemExit(f"unknown preset {preset}")
    tok.decoder = decoders.ByteLevel()
    first = req["placement"] == "first"
    added = [AddedToken(s, special=True, normalized=False) for s in specials]
    trainer = trainers.BpeTrainer(vocab_size=req["vocab_size"] - (0 if first else len(specials)),
                                  min_frequency=req["min_frequency"], show_progress=False,
                                  special_tokens=added if first else [],
                                  initial_alphabet=pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator(req["corpus"], trainer=trainer)
    if not first:
        tok.add_special_tokens(added)
    tok.save(out_path, pretty=False)
    return {"vocab_size": tok.get_vocab_size(with_added_tokens=True)}


def fx_corpus(gen_dir, modules_path):
    import hashlib
    import platform
    sys.path.insert(0, gen_dir)
    try:  # the generator had torch imported by then, and importing torch changes one inspect docstring the corpus holds
        import torch  # noqa: F401
    except ImportError:
        pass
    from fx_models import build_corpus
    parts = build_corpus(json.load(open(modules_path, encoding="utf-8")))
    sha = hashlib.sha256("\n\n".join(parts).encode("utf-8")).hexdigest()
    return {"parts": parts, "sha256": sha, "python": platform.python_version()}


def main():
    mode = sys.argv[1] if len(sys.argv) > 1 else ""
    if mode == "version":
        import tokenizers
        out = {"tokenizers": tokenizers.__version__}
    elif mode == "encode" and len(sys.argv) == 4:
        out = encode(sys.argv[2], sys.argv[3])
    elif mode == "train" and len(sys.argv) == 4:
        out = train(sys.argv[2], sys.argv[3])
    elif mode == "fx-corpus" and len(sys.argv) == 4:
        out = fx_corpus(sys.argv[2], sys.argv[3])
    else:
        raise SystemExit(__doc__)
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
