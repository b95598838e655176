#!/usr/bin/env bash
# Builds local stand-ins for the base images that kd-stream's Dockerfiles and docker-compose.yml
# name, on hosts that cannot pull them: offline hosts, and hosts that reach only a Debian mirror,
# Maven Central and the npm registry. Each stand-in is built from Debian packages and Maven Central
# and tagged with the real image's name, so the Dockerfiles and the compose file stay unchanged.
#
#   deploy/standin-images/build-standins.sh            # pull each image; build a stand-in if that fails
#   deploy/standin-images/build-standins.sh --force    # rebuild every stand-in, even over pulled images
#
# An image already present (pulled or built earlier) is kept: a second run takes seconds.
# Needs: root and Docker; debootstrap is installed with apt-get when missing.
# Settings (environment): DEBIAN_MIRROR (default http://deb.debian.org/debian), HOST_CA_BUNDLE (the
# certificate authorities the images trust for outbound TLS; default: the host's bundle), DOCKER
# (the client; default /usr/bin/docker when present, for its built-in BuildKit).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
HOST_CA_BUNDLE="${HOST_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
if [[ -z "${DOCKER:-}" ]]; then
  if [[ -x /usr/bin/docker ]]; then DOCKER=/usr/bin/docker; else DOCKER=docker; fi
fi
export DOCKER_BUILDKIT=1
STANDIN_LABEL=io.kdstream.standin

# real image name -> stand-in Dockerfile, in build order (the Kafka stand-in builds with Maven's).
IMAGES=(
  "maven:3.9.11-eclipse-temurin-17=maven.Dockerfile"
  "registry.access.redhat.com/ubi9/openjdk-17-runtime:1.24=java-runtime.Dockerfile"
  "node:22-bookworm-slim=node.Dockerfile"
  "apache/kafka:4.4.0=kafka.Dockerfile"
)

force=false
case "${1:-}" in
  --force) force=true ;;
  "") ;;
  -h | --help) sed -n '2,15p' "$0"; exit 0 ;;
  *) echo "ERROR: unknown option '$1' (use --force or nothing)" >&2; exit 2 ;;
esac

die() { echo "ERROR: $*" >&2; exit 1; }
log() { echo "standin: $*"; }
present() { "$DOCKER" image inspect "$1" >/dev/null 2>&1; }

"$DOCKER" info >/dev/null 2>&1 || die "no Docker engine answers ($DOCKER info failed): start dockerd first"

# Which images must be built here.
missing=()
for entry in "${IMAGES[@]}"; do
  image="${entry%%=*}"
  if ! $force && present "$image"; then
    log "$image present, kept"
  elif ! $force && "$DOCKER" pull -q "$image" >/dev/null 2>&1; then
    log "$image pulled"
  else
    missing+=("$entry")
  fi
done
if [[ ${#missing[@]} -eq 0 ]]; then
  log "nothing to build"
  exit 0
fi

[[ -r "$HOST_CA_BUNDLE" ]] || die "HOST_CA_BUNDLE=$HOST_CA_BUNDLE is not readable: name a PEM bundle of the CAs to trust"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cp -r "$here"/. "$work"/
mkdir -p "$work/host-ca"
# update-ca-certificates wants one certificate per file.
awk -v dir="$work/host-ca" '/-----BEGIN CERTIFICATE-----/ { n++; f = sprintf("%s/host-%03d.crt", dir, n) }
  f { print > f } /-----END CERTIFICATE-----/ { close(f); f = "" }' "$HOST_CA_BUNDLE"
log "$(ls "$work/host-ca" | wc -l) certificate authorities from $HOST_CA_BUNDLE"

# The Debian base: a minimal bookworm made by debootstrap, imported, plus the host's CAs.
if $force || ! present kd-standin/debian:bookworm; then
  [[ $EUID -eq 0 ]] || die "debootstrap needs root: run this script as root (or with sudo)"
  if ! command -v debootstrap >/dev/null; then
    log "installing debootstrap (Debian)"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null \
      || die "debootstrap is missing and could not be installed: apt-get install debootstrap"
  fi
  log "debootstrap bookworm from $DEBIAN_MIRROR (about a minute)"
  started=$SECONDS
  debootstrap --variant=minbase --include=ca-certificates bookworm "$work/rootfs" "$DEBIAN_MIRROR" \
    > "$work/debootstrap.log" 2>&1 || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed (log above)"; }
  tar -C "$work/rootfs" -c . | "$DOCKER" import --change 'CMD ["bash"]' - kd-standin/debian-rootfs:bookworm >/dev/null
  rm -rf "$work/rootfs"
  "$DOCKER" build -q --label "$STANDIN_LABEL=true" -t kd-standin/debian:bookworm \
    -f "$work/debian.Dockerfile" "$work" >/dev/null
  log "kd-standin/debian:bookworm built in $((SECONDS - started)) s"
fi

for entry in "${missing[@]}"; do
  image="${entry%%=*}"
  dockerfile="${entry#*=}"
  started=$SECONDS
  log "building stand-in $image from $dockerfile"
  "$DOCKER" build --progress=plain --label "$STANDIN_LABEL=true" -t "$image" \
    -f "$work/$dockerfile" "$work" > "$work/build.log" 2>&1 \
    || { tail -30 "$work/build.log" >&2; die "building the stand-in for $image failed (log above)"; }
  log "$image built in $((SECONDS - started)) s"
done
log "done: $("$DOCKER" images --filter "label=$STANDIN_LABEL=true" --format '{{.Repository}}:{{.Tag}}' | sort | tr '\n' ' ')"
