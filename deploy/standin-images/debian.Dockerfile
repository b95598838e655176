# kd-standin/debian:bookworm: the Debian rootfs that build-standins.sh made with debootstrap and
# imported, plus the host's certificate authorities, so that Maven and npm inside image builds
# trust the same TLS endpoints as the host (a proxy that re-signs TLS, a company CA).
FROM kd-standin/debian-rootfs:bookworm
COPY host-ca/ /usr/local/share/ca-certificates/host/
RUN update-ca-certificates >/dev/null \
 && printf 'APT::Install-Recommends "false";\nAPT::Install-Suggests "false";\n' > /etc/apt/apt.conf.d/90kd-standin
ENV LANG=C.UTF-8
CMD ["bash"]
