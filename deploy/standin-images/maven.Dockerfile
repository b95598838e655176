# Stand-in for maven:3.9.11-eclipse-temurin-17: Debian's OpenJDK 17 and Maven 3.9.11 from Maven
# Central (checksum-verified), mvn on PATH, the local repository in /root/.m2 as in the real image.
FROM kd-standin/debian:bookworm
ARG MAVEN_VERSION=3.9.11
RUN apt-get update -qq \
 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jdk-headless curl >/dev/null \
 && rm -rf /var/lib/apt/lists/* \
 && base=https://repo.maven.apache.org/maven2/org/apache/maven/apache-maven/${MAVEN_VERSION} \
 && curl -fsSL -o /tmp/maven.tar.gz "$base/apache-maven-${MAVEN_VERSION}-bin.tar.gz" \
 && echo "$(curl -fsSL "$base/apache-maven-${MAVEN_VERSION}-bin.tar.gz.sha512" | cut -c1-128)  /tmp/maven.tar.gz" | sha512sum -c - \
 && mkdir -p /usr/share/maven \
 && tar -xzf /tmp/maven.tar.gz -C /usr/share/maven --strip-components=1 \
 && rm /tmp/maven.tar.gz \
 && ln -s /usr/share/maven/bin/mvn /usr/bin/mvn
ENV JAVA_HOME=/usr/lib/jvm/java-17-openjdk-amd64 MAVEN_HOME=/usr/share/maven MAVEN_CONFIG=/root/.m2
CMD ["mvn"]
