# Sourced (POSIX sh) by ./mvnw, ./fluxbase and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME, the `java` on PATH, then the usual JDK folders. Says what to install when none fits.
fluxbase_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 \
    | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p' | head -n 1
}
fluxbase_try_jdk() {
  [ -x "$1/bin/javac" ] || return 1
  fluxbase_major=$(fluxbase_java_major "$1")
  [ -n "$fluxbase_major" ] && [ "$fluxbase_major" -ge 21 ] || return 1
  JAVA_HOME="$1"
  export JAVA_HOME
}
fluxbase_find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && fluxbase_try_jdk "$JAVA_HOME"; then return 0; fi
  if command -v java >/dev/null 2>&1; then
    fluxbase_try_jdk "$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")" && return 0
  fi
  case $- in *f*) fluxbase_noglob=1; set +f ;; *) fluxbase_noglob=0 ;; esac
  for fluxbase_dir in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* /opt/jdk* \
      "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    if [ -d "$fluxbase_dir" ] && fluxbase_try_jdk "$fluxbase_dir"; then
      [ "$fluxbase_noglob" = 1 ] && set -f
      return 0
    fi
  done
  [ "$fluxbase_noglob" = 1 ] && set -f
  echo "fluxbase: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH and /usr/lib/jvm)." >&2
  echo "Install one (e.g. 'apt-get install openjdk-21-jdk-headless', or Temurin 21+) or set JAVA_HOME to it." >&2
  return 1
}
fluxbase_find_jdk
