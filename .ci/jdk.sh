# Sourced by ./bringup, ./mvnw and .ci/run: finds a JDK 21 or newer and exports JAVA_HOME.
# Order: $JAVA_HOME, then the usual install folders, then `java` on the PATH.

bringup_java_major() { # prints the major version of the java binary in $1, or nothing
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}

bringup_find_jdk() {
  local candidate major
  for candidate in ${JAVA_HOME:+"$JAVA_HOME"} /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/lib/jvm/* \
      "$(dirname "$(dirname "$(readlink -f "$(command -v javac 2>/dev/null || echo /nonexistent)")")")"; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(bringup_java_major "$candidate/bin/java")
    if [ -n "$major" ] && [ "$major" -ge 21 ]; then
      export JAVA_HOME="$candidate"
      return 0
    fi
  done
  cat >&2 <<MSG
Bring-up Workbench needs a JDK 21 or newer (found none in \$JAVA_HOME, /usr/lib/jvm, /opt/java
or on the PATH). Install one, for example on Debian or Ubuntu:
    apt-get install openjdk-21-jdk        (or temurin-21-jdk / temurin-25-jdk)
or point JAVA_HOME at an unpacked JDK 21+, then run the command again.
MSG
  return 1
}
