#!/usr/bin/env bash
# The whole test suite, on a fresh machine as root or on a developer's:
#   installs what is missing (PostgreSQL, Chromium, Redis for the scale-out test, a font for Chinese PDFs, poppler-utils
#   and openssl, the independent checkers of signed PDFs),
#   starts a throw-away PostgreSQL cluster on a free loopback port, checks style (dotnet format, the web
#   app's lint and type check), runs every test project against it, stops it, and exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")"
root=$PWD
step() { printf '\n== %s\n' "$*"; }

step "system packages"
missing=()
ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1 || missing+=(postgresql)
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/redis-server ] || missing+=(redis-server)
command -v pdftotext > /dev/null || missing+=(poppler-utils)
[ -f /usr/share/fonts/truetype/wqy/wqy-zenhei.ttc ] || missing+=(fonts-wqy-zenhei)
command -v openssl > /dev/null || missing+=(openssl)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "missing: ${missing[*]}; run as root or: sudo apt-get install ${missing[*]}" >&2
    exit 1
  fi
  echo "installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" > /tmp/mediation-apt.log 2>&1 || { tail -n 50 /tmp/mediation-apt.log >&2; exit 1; }
else
  echo "all present"
fi
command -v node > /dev/null && command -v npm > /dev/null || { echo "Node.js and npm are required" >&2; exit 1; }

step "PostgreSQL (throw-away cluster)"
# shellcheck source=infra/postgres/throwaway-cluster.sh
source infra/postgres/throwaway-cluster.sh
trap pg_throwaway_stop EXIT
pg_throwaway_start

step "web app: install, lint, type check"
(cd web && { [ -f node_modules/.package-lock.json ] && [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; } && npm run --silent api:check && npm run --silent lint && npm run --silent typecheck)

step "build"
dotnet build Mediation.Online.sln -nologo -v q -clp:NoSummary

step "style: dotnet format whitespace, style --verify-no-changes"
# The analyzers' rules are errors in the build itself (TreatWarningsAsErrors); the layout and the code-style options
# of .editorconfig (some of which, IDE0003 and IDE0049 among them, the build does not report) are checked here.
dotnet format whitespace Mediation.Online.sln --verify-no-changes -v q
dotnet format style Mediation.Online.sln --verify-no-changes --no-restore -v q

step "tests"
log=$(mktemp /tmp/mediation-tests.XXXXXX)
status=0
run_tests() { dotnet test "$1" --no-build -nologo > "$2" 2>&1; }
# The media stack's tests first and alone (they time real DTLS and RTP on loopback). Then the server's tests beside
# the small projects: the server's wait on processes, PostgreSQL and Redis more than on the cores. The browser tests
# last and alone: real-time media in Chromium measures the machine too (frame timing, freezes), and other tests would
# be taking its cores away.
run_tests tests/Mediation.Media.Tests/Mediation.Media.Tests.csproj "$log.media" || status=$?
cat "$log.media" >> "$log"; cat "$log.media"
run_tests tests/Mediation.Server.Tests/Mediation.Server.Tests.csproj "$log.server" & server=$!
for project in $(ls tests/*/*.Tests.csproj | grep -v -e EndToEnd -e Mediation.Server.Tests -e Mediation.Media.Tests); do
  run_tests "$project" "$log.small" || status=$?
  cat "$log.small" >> "$log"; cat "$log.small"
done
wait "$server" || status=$?
cat "$log.server" >> "$log"; cat "$log.server"
dotnet test tests/Mediation.EndToEnd.Tests/Mediation.EndToEnd.Tests.csproj --no-build -nologo 2>&1 | tee -a "$log" || status=$?
rm -f "$log.media" "$log.small" "$log.server"

# One closing line for the whole suite, summed over each project's "Passed!/Failed!" summary line.
sum() { grep -E '^(Passed|Failed)!' "$log" | grep -oE "$1: +[0-9]+" | awk '{s += $2} END {print s + 0}'; }
passed=$(sum Passed); failed=$(sum Failed); skipped=$(sum Skipped)
projects=$(grep -cE '^(Passed|Failed)!' "$log" || true)
rm -f "$log"
expected=$(ls tests/*/*.Tests.csproj | wc -l)
if [ "$passed" -eq 0 ]; then echo "no test ran" >&2; status=1; fi
if [ "$projects" -ne "$expected" ]; then echo "only $projects of $expected test projects reported" >&2; status=1; fi
echo
echo "$projects test projects"
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
