#!/usr/bin/env bash
# Provisions Temporal's time-skipping test server (the Java artifact io.temporal:temporal-test-server)
# like any other tool: jars under the git-ignored .tools/temporal-test-server/<version>/lib, plus an
# executable wrapper .tools/bin/temporal-test-server that tests hand to the SDK as
#   TestWorkflowEnvironment.createTimeSkipping({ server: { executable: { type: 'existing-path', path } } })
# so @temporalio/testing never downloads anything itself.
#
# Usage:   infra/tools/temporal-test-server.sh            # prints the wrapper's path on its last line
# Env:     TEMPORAL_TEST_SERVER_VERSION  artifact version (default below)
#          TEMPORAL_TEST_SERVER_JARS     a folder that already holds temporal-test-server-<version>.jar and
#                                        all its runtime dependencies (offline machines): copied, not fetched
#          JAVA                          java executable baked into the wrapper (default: java on PATH)
#
# Needs Java 17 and Maven 3.8 (both on the development machines and CI).
# Measured on the dev machine (2026-11, empty ~/.m2, version 1.32.0): the first provisioning took 7.3 s
# wall clock (Maven fetched its dependency plugin plus 39 jars, 33 MB in lib/, 45 MB into ~/.m2); a later
# run reuses lib/ and returns in about 0.01 s. The wrapper's server answers in about 0.8 s, well inside the
# SDK's 5 s start-up window; a workflow sleeping 90 days completed in 0.7 s of wall time under time skipping.
#
# How the SDK runs an 'existing-path' executable (sdk-core ephemeral_server, TestServerConfig):
#   <path> <port> [extraArgs...]   and it stops the server with SIGKILL on the process it spawned.
# Hence the wrapper `exec`s java: a shell left in between would be killed and orphan the JVM.
set -euo pipefail

VERSION="${TEMPORAL_TEST_SERVER_VERSION:-1.32.0}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
TOOL_DIR="$ROOT/.tools/temporal-test-server"
LIB_DIR="$TOOL_DIR/$VERSION/lib"
DONE_MARK="$TOOL_DIR/$VERSION/.complete"
WRAPPER="$ROOT/.tools/bin/temporal-test-server"
MAIN_JAR="temporal-test-server-$VERSION.jar"

log() { printf 'temporal-test-server: %s\n' "$*" >&2; }

fail_with_help() {
  log "FAILED: $1"
  cat >&2 <<EOF
temporal-test-server: to supply the server without Maven Central, put $MAIN_JAR and every jar of its
  runtime classpath into one folder (e.g. on a connected machine:
    mvn -f $TOOL_DIR/$VERSION/pom.xml dependency:copy-dependencies -DoutputDirectory=./jars )
  then rerun with TEMPORAL_TEST_SERVER_JARS=/path/to/that/folder $0
  or choose another published version with TEMPORAL_TEST_SERVER_VERSION=<version>.
EOF
  exit 1
}

require_tools() {
  command -v "${JAVA:-java}" >/dev/null || fail_with_help "java not found (Java 17 is required)"
  if [[ -z "${TEMPORAL_TEST_SERVER_JARS:-}" ]]; then
    command -v mvn >/dev/null || fail_with_help "mvn not found (Maven 3.8 is required to fetch the jars)"
  fi
}

# A throwaway pom whose only dependency is the test server: copy-dependencies then yields exactly
# its runtime classpath, with Maven doing the transitive resolution.
write_pom() {
  mkdir -p "$TOOL_DIR/$VERSION"
  cat >"$TOOL_DIR/$VERSION/pom.xml" <<EOF
<?xml version="1.0" encoding="UTF-8"?>
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>duban.tools</groupId>
  <artifactId>temporal-test-server-classpath</artifactId>
  <version>1</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>io.temporal</groupId>
      <artifactId>temporal-test-server</artifactId>
      <version>$VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
}

fetch_jars_with_maven() {
  write_pom
  local mvn_log="$TOOL_DIR/$VERSION/mvn.log"
  log "fetching io.temporal:temporal-test-server:$VERSION and its runtime classpath with Maven (log: $mvn_log)"
  if ! mvn -B -q -Dstyle.color=never -f "$TOOL_DIR/$VERSION/pom.xml" \
      dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory="$LIB_DIR" >"$mvn_log" 2>&1; then
    tail -n 20 "$mvn_log" >&2 || true
    fail_with_help "Maven could not resolve io.temporal:temporal-test-server:$VERSION (see $mvn_log)"
  fi
}

copy_supplied_jars() {
  local src="$TEMPORAL_TEST_SERVER_JARS"
  [[ -f "$src/$MAIN_JAR" ]] || fail_with_help "TEMPORAL_TEST_SERVER_JARS=$src holds no $MAIN_JAR"
  log "copying supplied jars from $src"
  mkdir -p "$LIB_DIR"
  cp "$src"/*.jar "$LIB_DIR/"
}

ensure_jars() {
  if [[ -f "$DONE_MARK" && -f "$LIB_DIR/$MAIN_JAR" ]]; then
    return
  fi
  # A half-finished earlier run must not be mistaken for a classpath.
  rm -rf "$LIB_DIR" "$DONE_MARK"
  if [[ -n "${TEMPORAL_TEST_SERVER_JARS:-}" ]]; then copy_supplied_jars; else fetch_jars_with_maven; fi
  [[ -f "$LIB_DIR/$MAIN_JAR" ]] || fail_with_help "$MAIN_JAR missing from $LIB_DIR after provisioning"
  touch "$DONE_MARK"
}

# Written every run (cheap) so a version switch or a moved checkout never leaves a stale wrapper.
write_wrapper() {
  local java_bin
  java_bin="$(command -v "${JAVA:-java}")"
  mkdir -p "$(dirname "$WRAPPER")"
  cat >"$WRAPPER.tmp" <<EOF
#!/bin/sh
# Generated by infra/tools/temporal-test-server.sh (io.temporal:temporal-test-server:$VERSION). Do not edit.
# Arguments: <port> [extra args], as @temporalio/testing passes them to an 'existing-path' executable.
# exec: the SDK stops the server by killing this very process.
# TieredStopAtLevel=1 trims JVM start-up; the SDK gives the server only 5 s to answer.
exec "$java_bin" -XX:+UseSerialGC -XX:TieredStopAtLevel=1 \${TEMPORAL_TEST_SERVER_JAVA_OPTS:-} \\
  -cp "$LIB_DIR/*" io.temporal.testserver.TestServer "\$@"
EOF
  chmod +x "$WRAPPER.tmp"
  mv "$WRAPPER.tmp" "$WRAPPER"
}

main() {
  require_tools
  ensure_jars
  write_wrapper
  echo "$WRAPPER"
}

main "$@"
