#!/usr/bin/env bash
# Certificates for the secured compose (docker-compose.secure.yml): a CA, the broker's key pair signed
# by it (SAN DNS:kafka for the services, DNS:localhost for tools on the host) and a truststore holding
# the CA, as PKCS12 files protected by KD_KAFKA_SSL_PASSWORD. JDK keytool only, no openssl.
#
#   KD_KAFKA_SSL_PASSWORD=... deploy/secure/generate-certs.sh [out-dir]   # default deploy/secure/certs
#
# The output directory is git-ignored and mounted read-only into the containers. An existing
# directory is kept (re-running does not rotate the CA under running clients); delete it to renew.
set -euo pipefail
: "${KD_KAFKA_SSL_PASSWORD:?set KD_KAFKA_SSL_PASSWORD (the same value goes into .env, see deploy/secure/env.example)}"
# The broker's start script (kafka-start.sh) accepts the same passwords only.
if [[ ! "$KD_KAFKA_SSL_PASSWORD" =~ ^[A-Za-z0-9._-]{12,}$ ]]; then
  echo "KD_KAFKA_SSL_PASSWORD must be at least 12 characters of [A-Za-z0-9._-]" >&2
  exit 2
fi
command -v keytool >/dev/null || { echo "keytool not found: install a JDK (e.g. openjdk-17-jdk-headless)" >&2; exit 2; }

OUT="${1:-$(cd "$(dirname "$0")" && pwd)/certs}"
if [[ -e "$OUT/kafka.keystore.p12" ]]; then
  echo "$OUT/kafka.keystore.p12 exists: kept (delete $OUT to generate new certificates)"
  exit 0
fi
mkdir -p "$OUT"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
pw="$KD_KAFKA_SSL_PASSWORD"
days=825

# The CA: signs the broker's certificate; clients trust it (and nothing else).
keytool -genkeypair -keystore "$work/ca.p12" -storetype PKCS12 -storepass "$pw" -alias ca \
  -dname "CN=kd-stream compose CA" -keyalg RSA -keysize 3072 -validity "$days" \
  -ext bc:c -ext KeyUsage=keyCertSign,cRLSign
keytool -exportcert -rfc -keystore "$work/ca.p12" -storepass "$pw" -alias ca -file "$OUT/ca.crt"

# The broker: a key pair whose certificate names both addresses clients use.
keytool -genkeypair -keystore "$OUT/kafka.keystore.p12" -storetype PKCS12 -storepass "$pw" \
  -alias kafka -dname "CN=kafka" -keyalg RSA -keysize 3072 -validity "$days"
keytool -certreq -keystore "$OUT/kafka.keystore.p12" -storepass "$pw" -alias kafka \
  -file "$work/kafka.csr"
keytool -gencert -keystore "$work/ca.p12" -storepass "$pw" -alias ca -infile "$work/kafka.csr" \
  -outfile "$work/kafka.crt" -rfc -validity "$days" \
  -ext SAN=DNS:kafka,DNS:localhost -ext KeyUsage=digitalSignature,keyEncipherment \
  -ext ExtendedKeyUsage=serverAuth,clientAuth
# The chain: the CA first, then the signed certificate replaces the self-signed one.
keytool -importcert -noprompt -keystore "$OUT/kafka.keystore.p12" -storepass "$pw" -alias ca \
  -file "$OUT/ca.crt"
keytool -importcert -noprompt -keystore "$OUT/kafka.keystore.p12" -storepass "$pw" -alias kafka \
  -file "$work/kafka.crt"

# The truststore every client (services, kafka-setup, the broker's own inter-broker client) uses.
keytool -importcert -noprompt -keystore "$OUT/truststore.p12" -storetype PKCS12 -storepass "$pw" \
  -alias ca -file "$OUT/ca.crt"

# Readable by the containers' users (Kafka's appuser 1000, the services' 185) through the read-only
# bind mount; the keystore's private key stays protected by KD_KAFKA_SSL_PASSWORD.
chmod 755 "$OUT"
chmod 644 "$OUT"/*
echo "wrote $OUT: ca.crt, kafka.keystore.p12 (SAN kafka, localhost), truststore.p12"
