# Stand-in for node:22-bookworm-slim: Debian bookworm's Node.js (18, older than 22 but enough for
# `npm pack`, the only use kd-stream has for this image) and npm itself from the npm registry,
# checked against the registry's sha512 integrity. Debian's own npm package would pull in some 300
# node-* packages and triple the build time. npm trusts the host's certificate authorities.
FROM kd-standin/debian:bookworm
ARG NPM_VERSION=10.9.2
ENV NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq nodejs curl >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && curl -fsSL -o /tmp/npm.json "https://registry.npmjs.org/npm/${NPM_VERSION}" \
 && tarball="$(node -p 'require("/tmp/npm.json").dist.tarball')" \
 && integrity="$(node -p 'require("/tmp/npm.json").dist.integrity')" \
 && curl -fsSL -o /tmp/npm.tgz "$tarball" \
 && [ "sha512-$(openssl dgst -sha512 -binary /tmp/npm.tgz | base64 -w0)" = "$integrity" ] \
 && mkdir -p /usr/lib/node_modules/npm \
 && tar -xzf /tmp/npm.tgz -C /usr/lib/node_modules/npm --strip-components=1 \
 && ln -s /usr/lib/node_modules/npm/bin/npm-cli.js /usr/bin/npm \
 && rm /tmp/npm.json /tmp/npm.tgz \
 && npm --version
CMD ["node"]
