# Environment for a JVM that runs lorakit on DJL's PyTorch engine, sourced by ./lorakit and
# framework/bench/run. It must be set before the JVM starts: libtorch, oneDNN and glibc read it
# at load, so Java cannot set it for itself. Every variable keeps a value the caller already set.
#
#   source framework/engine-env.sh
#   lorakit_engine_env [ARG...]   # the command's arguments: config files or run folders

LORAKIT_FRAMEWORK_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"

# Plugins whose models have no convolution (see ONEDNN_MAX_CPU_ISA below).
LORAKIT_CONV_FREE_PLUGINS="text-classification sentiment"

# The plugin a config file or run folder names (its top-level "plugin:" key), or nothing.
lorakit_plugin_of() {
  local cfg="$1"
  [[ -d "$cfg" && -f "$cfg/config.resolved.yaml" ]] && cfg="$cfg/config.resolved.yaml"
  [[ -f "$cfg" && ( "$cfg" == *.yaml || "$cfg" == *.yml ) ]] || return 0
  sed -n "s/^plugin:[[:space:]]*[\"']\{0,1\}\([A-Za-z0-9._-]*\).*/\1/p" "$cfg" | head -n 1
}

# Exports the engine environment for a command with these arguments.
lorakit_engine_env() {
  export DJL_CACHE_DIR="${DJL_CACHE_DIR:-$HOME/.cache/lorakit/djl}"
  export ENGINE_CACHE_DIR="${ENGINE_CACHE_DIR:-$DJL_CACHE_DIR}"
  # oneDNN kernels. libtorch 2.7.1's AVX-512 and AVX2 convolution backward kernels return NaN
  # gradients intermittently; its SSE4.1 ones do not (docs/training.md). Only convolutions need
  # that, and it costs every other oneDNN kernel: BERT's GELU runs 2x slower with SSE4.1. So a
  # command whose configs all name convolution-free plugins keeps oneDNN's best kernels; any
  # other command (other plugins, no config) gets SSE4.1.
  if [[ -z "${ONEDNN_MAX_CPU_ISA:-}" ]]; then
    local arg plugin seen=0 safe=1
    for arg in "$@"; do
      plugin="$(lorakit_plugin_of "$arg")"
      [[ -n "$plugin" ]] || continue
      seen=1
      [[ " $LORAKIT_CONV_FREE_PLUGINS " == *" $plugin "* ]] || safe=0
    done
    if [[ "$seen" == 1 && "$safe" == 1 ]]; then
      export ONEDNN_MAX_CPU_ISA=ALL
    else
      export ONEDNN_MAX_CPU_ISA=SSE41
    fi
  fi
  # glibc malloc: keep the engine's activation buffers (up to 32 MB each) on the heap and never
  # give the heap back between steps. With glibc's defaults every step maps and unmaps them and
  # the kernel zero-fills their pages again: 10-20% of a MiniLM training step (docs/training.md,
  # "Memory allocator"). The price: the process keeps its peak heap until it exits.
  export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-33554432}"
  export MALLOC_TRIM_THRESHOLD_="${MALLOC_TRIM_THRESHOLD_:-17179869184}"
  export MALLOC_TOP_PAD_="${MALLOC_TOP_PAD_:-268435456}"
  lorakit_mkl_intel_path
}

# Intel MKL (inside libtorch, every fp32 matrix product) takes generic AVX2 kernels on CPUs that
# are not Intel's; framework/native/mkl_intel_cpu.c, preloaded, lets it use the kernels for the
# instruction sets the CPU reports (AVX-512 on Zen 4: a MiniLM step's matrix products ~2x faster).
# Built once into target/native with the machine's C compiler. LORAKIT_MKL_INTEL_PATH=0 turns it off.
lorakit_mkl_intel_path() {
  [[ "${LORAKIT_MKL_INTEL_PATH:-1}" == 1 && "$(uname -sm)" == "Linux x86_64" ]] || return 0
  grep -q -m 1 AuthenticAMD /proc/cpuinfo 2>/dev/null || return 0
  local src="$LORAKIT_FRAMEWORK_DIR/native/mkl_intel_cpu.c"
  local lib="$LORAKIT_FRAMEWORK_DIR/../target/native/libmkl_intel_cpu.so"
  if [[ ! -f "$lib" || "$src" -nt "$lib" ]]; then
    # A private name, then an atomic rename: launches at the same moment never load half a file.
    mkdir -p "$(dirname "$lib")" && cc -O2 -shared -fPIC -o "$lib.$$" "$src" 2>/dev/null \
      && mv -f "$lib.$$" "$lib" || rm -f "$lib.$$"
  fi
  if [[ ! -f "$lib" ]]; then
    echo "lorakit: no C compiler (cc) to build $src; MKL keeps its generic kernels on this AMD CPU (slower matrix products; docs/training.md)" >&2
    return 0
  fi
  lib="$(cd "$(dirname "$lib")" && pwd)/$(basename "$lib")"
  case ":${LD_PRELOAD:-}:" in
    *":$lib:"*) ;;
    *) export LD_PRELOAD="$lib${LD_PRELOAD:+:$LD_PRELOAD}" ;;
  esac
}
