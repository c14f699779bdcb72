#!/usr/bin/env bash
# Installs what the benchmarks run besides Node.js: wrk (the load generator of bench/load-import.bench.ts)
# and nginx (the static-file baseline of bench/pages.bench.ts). Idempotent: does nothing when both are
# there. Needs root or sudo (apt-get). Usage: bash bench/setup.sh
set -euo pipefail
missing=()
command -v wrk >/dev/null 2>&1 || missing+=(wrk)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
[ ${#missing[@]} -eq 0 ] && exit 0
SUDO=()
if [ "$(id -u)" != "0" ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO=(sudo -n); else echo "bench/setup.sh: ${missing[*]} missing and not root (apt-get install -y ${missing[*]})" >&2; exit 1; fi
fi
export DEBIAN_FRONTEND=noninteractive
echo "bench/setup.sh: installing ${missing[*]}" >&2
if ! "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >&2; then
  "${SUDO[@]}" apt-get update >&2
  "${SUDO[@]}" apt-get install -y --no-install-recommends "${missing[@]}" >&2
fi
