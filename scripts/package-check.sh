#!/usr/bin/env bash
# The platform's Debian package: builds it from a build tree (cpack -G DEB), checks what it
# holds, and with --install installs it (apt-get, as root: CI's throwaway machine, not a
# developer's), runs `systemd-analyze verify` on its unit, and serves /health with the packaged
# binary as the unit would (the samverkan user, its environment, /etc/samverkan and
# /var/lib/samverkan), then removes it again.
#   scripts/package-check.sh [BUILD_DIR] [--install]      (BUILD_DIR: build-test)
set -euo pipefail
cd "$(dirname "$0")/.."
build=build-test
install=0
for argument in "$@"; do
  case $argument in
    --install) install=1 ;;
    *) build=$argument ;;
  esac
done
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT

(cd "$build" && cpack -G DEB -B "$out" >"$out/cpack.log" 2>&1) || { cat "$out/cpack.log"; exit 1; }
deb=$(ls "$out"/samverkan_*.deb)
echo "package: $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"
dpkg-deb --info "$deb" | sed -n 's/^ \(Package\|Version\|Architecture\|Depends\):/  \1:/p'

# What it must hold, and nothing for developers (headers, static libraries).
contents=$(dpkg-deb --contents "$deb" | awk '{print $6}')
for path in ./usr/bin/samverkan ./usr/lib/systemd/system/samverkan.service ./etc/samverkan/samverkan.env \
            ./usr/share/samverkan/xsd/cooperation.xsd ./usr/share/doc/samverkan/README.md \
            ./usr/share/doc/samverkan/docs/operations.md; do
  grep -qx "$path" <<<"$contents" || { echo "the package lacks $path"; exit 1; }
done
if grep -E '\.(a|hpp|h)$|/include/' <<<"$contents"; then
  echo "the package holds development files (above)"
  exit 1
fi
dpkg-deb --ctrl-tarfile "$deb" | tar -tf - | grep -qx './conffiles' || { echo "no conffiles"; exit 1; }
echo "contents: ok ($(wc -l <<<"$contents") entries)"
[[ $install == 0 ]] && exit 0

# --- installed --------------------------------------------------------------------------------
export DEBIAN_FRONTEND=noninteractive
apt-get install -y -qq "$deb" >/dev/null
cleanup() {
  [[ -n "${server_pid:-}" ]] && kill "$server_pid" 2>/dev/null || true
  apt-get purge -y -qq samverkan >/dev/null || true
  rm -rf /etc/samverkan /var/lib/samverkan "$out"
}
trap cleanup EXIT
getent passwd samverkan >/dev/null || { echo "postinst made no samverkan user"; exit 1; }
[[ "$(stat -c '%U %a' /var/lib/samverkan)" == "samverkan 700" ]] || { echo "/var/lib/samverkan is not samverkan's, 0700"; exit 1; }
systemd-analyze verify /usr/lib/systemd/system/samverkan.service
echo "systemd-analyze verify: ok"
echo "unit hardening: $(systemd-analyze security --offline=true /usr/lib/systemd/system/samverkan.service 2>/dev/null | tail -1 || echo 'not rated')"

# A cooperation file as an operator would install it: the first example, its referenced files
# made by the development provisioning (as scripts/run.sh does).
cp -r examples/hoglandet/. /etc/samverkan/
rm -rf /etc/samverkan/secrets /etc/samverkan/spool
"$build/tests/provision/samverkan-dev-provision" /etc/samverkan/cooperation.xml --data "$out/provision" >/dev/null
chown -R samverkan:samverkan /etc/samverkan/secrets /etc/samverkan/spool 2>/dev/null || true
chown root:samverkan /etc/samverkan /etc/samverkan/cooperation.xml
chmod 0640 /etc/samverkan/cooperation.xml

# serve as the unit's ExecStart does (no systemd here): its user, environment and folders.
unit=/usr/lib/systemd/system/samverkan.service
xsd=$(sed -n 's/^Environment=SAMVERKAN_XSD_DIR=//p' "$unit")
runuser -u samverkan -- env -i SAMVERKAN_XSD_DIR="$xsd" /usr/bin/samverkan check-config /etc/samverkan/cooperation.xml >/dev/null
runuser -u samverkan -- env -i SAMVERKAN_XSD_DIR="$xsd" /usr/bin/samverkan serve --config /etc/samverkan/cooperation.xml \
  --data /var/lib/samverkan --listen 127.0.0.1:0 >"$out/serve.log" 2>&1 &
server_pid=$!
port=
for _ in $(seq 1 60); do
  port=$(sed -n 's/.*"msg":"serving".*"url":"https:[^"]*:\([0-9]*\)".*/\1/p' "$out/serve.log" | head -1)
  [[ -n $port ]] && break
  kill -0 "$server_pid" 2>/dev/null || { cat "$out/serve.log"; echo "the packaged server stopped"; exit 1; }
  sleep 1
done
[[ -n $port ]] || { cat "$out/serve.log"; echo "the packaged server did not start within 60 s"; exit 1; }
health=$(curl -sS --cacert /var/lib/samverkan/tls/dev-cert.pem "https://localhost:$port/health")
echo "GET /health: $health"
grep -q '"status":"ok"' <<<"$health" || { tail -20 "$out/serve.log"; exit 1; }
kill "$server_pid"
wait "$server_pid" || true
server_pid=
echo "installed package: ok"
