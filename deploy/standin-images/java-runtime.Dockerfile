# Stand-in for registry.access.redhat.com/ubi9/openjdk-17-runtime:1.24: Debian's OpenJDK 17 JRE,
# user 185 (group 0, home /home/default), /deployments owned by it, and a run-java.sh that does
# what the real one does for kd-stream: java $JAVA_OPTS $JAVA_OPTS_APPEND -jar $JAVA_APP_JAR.
FROM kd-standin/debian:bookworm
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 185 --gid 0 --home-dir /home/default --create-home --shell /bin/bash default \
 && mkdir -p /deployments /opt/jboss/container/java/run \
 && chown 185:0 /deployments
COPY run-java.sh /opt/jboss/container/java/run/run-java.sh
ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 JAVA_APP_DIR=/deployments
USER 185
WORKDIR /home/default
CMD ["/opt/jboss/container/java/run/run-java.sh"]
