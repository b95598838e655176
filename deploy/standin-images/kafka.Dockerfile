# Stand-in for apache/kafka:4.4.0: Kafka 4.4.0's jars from Maven Central on Debian's OpenJDK 17,
# laid out like the real image (/opt/kafka/bin, /opt/kafka/config, /etc/kafka/docker/run, user
# appuser 1000, /var/lib/kafka/data) and configured from the KAFKA_* variables the same way.
# Only the scripts kd-stream's compose file and README use exist in bin/.
FROM maven:3.9.11-eclipse-temurin-17 AS libs
COPY kafka/pom.xml /libs/pom.xml
RUN mvn -B -q -ntp -f /libs/pom.xml dependency:copy-dependencies -DincludeScope=runtime \
      -DoutputDirectory=/opt/kafka/libs

FROM kd-standin/debian:bookworm
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && useradd --uid 1000 --user-group --home-dir /home/appuser --create-home appuser \
 && mkdir -p /opt/kafka/bin /opt/kafka/config /etc/kafka/docker /mnt/shared/config \
      /var/lib/kafka/data /etc/kafka/secrets \
 && chown -R appuser:appuser /opt/kafka/config /var/lib/kafka/data /etc/kafka/secrets /mnt/shared/config
COPY --from=libs /opt/kafka/libs/ /opt/kafka/libs/
COPY kafka/run /etc/kafka/docker/run
COPY kafka/server.properties /etc/kafka/docker/server.properties
COPY --chown=appuser:appuser kafka/log4j2.properties kafka/tools-log4j2.properties /opt/kafka/config/
COPY kafka/kafka-run-class.sh kafka/kafka-server-start.sh /opt/kafka/bin/
# One script per tool, as in Kafka's bin/: name=main class.
RUN set -e; cd /opt/kafka/bin; for tool in \
      kafka-storage.sh=kafka.tools.StorageTool \
      kafka-broker-api-versions.sh=org.apache.kafka.tools.BrokerApiVersionsCommand \
      kafka-topics.sh=org.apache.kafka.tools.TopicCommand \
      kafka-acls.sh=org.apache.kafka.tools.AclCommand \
      kafka-configs.sh=org.apache.kafka.tools.ConfigCommand \
      kafka-console-consumer.sh=org.apache.kafka.tools.consumer.ConsoleConsumer \
      kafka-console-producer.sh=org.apache.kafka.tools.ConsoleProducer \
      kafka-consumer-groups.sh=org.apache.kafka.tools.consumer.group.ConsumerGroupCommand \
      kafka-share-groups.sh=org.apache.kafka.tools.consumer.group.ShareGroupCommand; do \
      printf '#!/usr/bin/env bash\nexec /opt/kafka/bin/kafka-run-class.sh %s "$@"\n' "${tool#*=}" > "${tool%%=*}"; \
    done; chmod 755 /opt/kafka/bin/* /etc/kafka/docker/run
ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 PATH=/opt/kafka/bin:$PATH
USER appuser
EXPOSE 9092
ENTRYPOINT ["/etc/kafka/docker/run"]
