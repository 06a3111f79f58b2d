#!/usr/bin/env bash
# Runs the README's two commands on a fresh Debian 12 (bookworm) root file system, as a new user
# would on a clone: the closest this project gets to "a fresh machine" without a VM.
#
#   sudo scripts/fresh-debian.sh [--root DIR] [--commit REV] [--steps "main test"] [--shell]
#
#   1. builds DIR (default /work/fresh-root) with debootstrap if it is missing: Debian 12 with only
#      what a fresh machine of this kind has (openjdk-17-jdk as the default JDK, maven, git,
#      ca-certificates, sudo, and Node 20 with npm the way the host has them; no Temurin 25, so
#      test.sh's "no JDK 25" path runs) and a user "student" with passwordless sudo, like a
#      cloud VM's first user;
#   2. mounts /proc, /sys, /dev, /dev/pts, /dev/shm and copies /etc/resolv.conf (unmounted on
#      exit, whatever happens);
#   3. clones this repository at REV (default HEAD) into /home/student/jcnn (a fresh clone each
#      run, a fresh ~/.m2 and ~/.local only the first time; --clean-home for both), and
#   4. runs, as student in a login shell (PATH, HOME and locale as a fresh login has them) and
#      under `nice -n 10`, ./scripts/main.sh and then ./scripts/test.sh, printing each one's
#      duration, exit status and last lines; the full logs are in DIR/home/student/*.log.
#
# Node: the host has NodeSource's nodejs 20 (deb.nodesource.com, with npm upgraded by npm),
# which this machine cannot reach; the root gets a copy of the host's node and npm files at the
# same paths. Without a node on the host, setup.sh installs Debian's nodejs 18 and npm.
# Debian packages come from the host's mirror (deb.debian.org); the host's apt cache is offered
# to debootstrap and apt (hard links, same bytes, checked by apt against the mirror's hashes) to
# save downloads. Maven Central and npm are reached from inside as any machine would.
#
# What this shows and what it cannot: docs/FRESH-MACHINE.md.
set -euo pipefail
# all of it in a function, so that bash has read the whole file before running any of it (editing
# the script while a 40-minute run is in progress must not change what that run does)
main() {
ROOT=/work/fresh-root
REV=HEAD
STEPS="main test"
SHELL_ONLY=no
CLEAN_HOME=no
MIRROR=${JCNN_DEBIAN_MIRROR:-http://deb.debian.org/debian}
while [ $# -gt 0 ]; do
  case $1 in
    --root) ROOT=$2; shift 2 ;;
    --commit) REV=$2; shift 2 ;;
    --steps) STEPS=$2; shift 2 ;;
    --shell) SHELL_ONLY=yes; shift ;;
    --clean-home) CLEAN_HOME=yes; shift ;;
    -h|--help) sed -n '2,30p' "$0"; exit 0 ;;
    *) echo "fresh-debian.sh: unknown argument '$1' (expected --root DIR, --commit REV, --steps \"main test\", --shell, --clean-home)" >&2; exit 2 ;;
  esac
done
if [ "$(id -u)" -ne 0 ]; then
  echo "fresh-debian.sh: needs root (debootstrap, mount, chroot); run it with sudo" >&2; exit 2
fi
REPO=$(cd "$(dirname "$0")/.." && pwd)
COMMIT=$(git -C "$REPO" rev-parse --verify "$REV^{commit}")
case $ROOT in /|/work|/work/main|/work/main/*|"$REPO"|"$REPO"/*)
  echo "fresh-debian.sh: refusing --root $ROOT (use a folder of its own, e.g. /work/fresh-root)" >&2; exit 2 ;;
esac
say() { echo "== fresh-debian [$(date -u +%H:%M:%S)] $*"; }

mounted=()
cleanup() {
  local i
  for (( i=${#mounted[@]}-1; i>=0; i-- )); do
    umount "${mounted[$i]}" 2>/dev/null || umount -l "${mounted[$i]}" || true
  done
}
trap cleanup EXIT
mount_in() { # TYPE-OR--bind SOURCE TARGET
  mkdir -p "$ROOT$3"
  if [ "$1" = --bind ]; then mount --bind "$2" "$ROOT$3"; else mount -t "$1" "$2" "$ROOT$3"; fi
  mounted+=("$ROOT$3")
}
# as the user, in a login shell, with SIGINT and SIGQUIT at their defaults as after a login: a
# script started in the background (`cmd &`) ignores both, every child inherits that, and a JVM
# that starts with SIGINT ignored never sees one (the kernel's SIGINT check then fails)
as_student() { perl -e '$SIG{INT} = $SIG{QUIT} = "DEFAULT"; exec @ARGV or die "exec $ARGV[0]: $!\n"' \
                 chroot "$ROOT" su - student -c "$1"; }
in_root() { chroot "$ROOT" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
              DEBIAN_FRONTEND=noninteractive "$@"; }

# ---- 1. the root file system ---------------------------------------------------------------------
if [ ! -f "$ROOT/.jcnn-fresh-root" ]; then
  say "building a Debian 12 root in $ROOT (debootstrap from $MIRROR)"
  rm -rf "$ROOT"; mkdir -p "$ROOT" "$ROOT.cache"
  # the host's apt cache as debootstrap's cache (hard links: free, same bytes)
  ln -f /var/cache/apt/archives/*.deb "$ROOT.cache"/ 2>/dev/null || true
  debootstrap --cache-dir="$ROOT.cache" bookworm "$ROOT" "$MIRROR" >"$ROOT.debootstrap.log" 2>&1 \
    || { tail -20 "$ROOT.debootstrap.log"; exit 1; }
  cat >"$ROOT/etc/apt/sources.list" <<EOF
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb ${MIRROR%/debian}/debian-security bookworm-security main
EOF
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  echo fresh-debian >"$ROOT/etc/hostname"
  mount_in proc proc /proc
  mount_in --bind /dev /dev
  mount_in --bind /dev/pts /dev/pts
  ln -f /var/cache/apt/archives/*.deb "$ROOT/var/cache/apt/archives/" 2>/dev/null || true
  say "installing what a fresh machine of this kind has: openjdk-17-jdk maven git ca-certificates sudo"
  in_root apt-get update -qq
  in_root apt-get install -y -qq openjdk-17-jdk maven git ca-certificates sudo >/dev/null
  if command -v node >/dev/null && [ "$(readlink -f "$(command -v node)")" = /usr/bin/node ] \
     && [ -d /usr/lib/node_modules/npm ]; then
    # the files themselves: the host's npm was upgraded over the package's, so dpkg's file list
    # (and dpkg-repack) no longer matches what is on disk; no global modules other than npm
    say "Node: copying the host's node $(node -v) and npm $(npm -v) (/usr/bin/node, /usr/lib/node_modules/{npm,corepack})"
    tar -C / -cf - usr/bin/node usr/bin/npm usr/bin/npx usr/lib/node_modules/npm \
        $( [ -d /usr/lib/node_modules/corepack ] && echo usr/bin/corepack usr/lib/node_modules/corepack ) \
        $( [ -d /usr/include/node ] && echo usr/include/node ) | tar -C "$ROOT" -xf -
    in_root node -v >/dev/null
    in_root npm -v >/dev/null
  fi
  in_root useradd -m -s /bin/bash student
  echo 'student ALL=(ALL) NOPASSWD:ALL' >"$ROOT/etc/sudoers.d/student"
  chmod 0440 "$ROOT/etc/sudoers.d/student"
  say "root ready: $(in_root java -version 2>&1 | head -1); $(in_root mvn -B -v 2>/dev/null | head -1);" \
      "node $(in_root node -v 2>/dev/null || echo none), npm $(in_root npm -v 2>/dev/null || echo none)"
  touch "$ROOT/.jcnn-fresh-root"
  cleanup; mounted=()
fi

# ---- the site's network: not the machine's doing, but needed to reach anything from here --------
# A site whose egress re-signs TLS (this one does) has its CA in /usr/local/share/ca-certificates;
# any machine there needs it: update-ca-certificates puts it into /etc/ssl/certs and, through
# ca-certificates-java, into Java's cacerts (Maven); node reads NODE_EXTRA_CA_CERTS (npm).
if ls /usr/local/share/ca-certificates/*.crt >/dev/null 2>&1; then
  for c in /usr/local/share/ca-certificates/*.crt; do
    if ! cmp -s "$c" "$ROOT$c"; then
      say "the site's CA $(basename "$c") into the root (update-ca-certificates)"
      mkdir -p "$ROOT/usr/local/share/ca-certificates"
      cp "$c" "$ROOT$c"
      changed_ca=yes
    fi
  done
  if [ "${changed_ca:-no}" = yes ]; then
    mount_in proc proc /proc
    in_root update-ca-certificates >/dev/null
    cleanup; mounted=()
  fi
  grep -q '^NODE_EXTRA_CA_CERTS=' "$ROOT/etc/environment" 2>/dev/null \
    || echo 'NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt' >>"$ROOT/etc/environment"
fi

# ---- 2. mounts -----------------------------------------------------------------------------------
cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
# the chroot shares the host's host name; a machine's /etc/hosts names it (else sudo complains)
grep -qw "$(hostname)" "$ROOT/etc/hosts" || echo "127.0.1.1 $(hostname)" >>"$ROOT/etc/hosts"
mount_in proc proc /proc
mount_in sysfs sysfs /sys
mount_in --bind /dev /dev
mount_in --bind /dev/pts /dev/pts
mount_in tmpfs tmpfs /dev/shm
chmod 1777 "$ROOT/dev/shm" "$ROOT/tmp"
ln -f /var/cache/apt/archives/*.deb "$ROOT/var/cache/apt/archives/" 2>/dev/null || true

# ---- 3. a fresh clone --------------------------------------------------------------------------
home=$ROOT/home/student
if [ $CLEAN_HOME = yes ]; then
  say "emptying /home/student (~/.m2, ~/.local, ~/.cache, ~/.npm)"
  find "$home" -mindepth 1 -delete
  cp -a "$ROOT/etc/skel/." "$home/"
fi
rm -rf "$home/jcnn"
git clone -q --no-checkout "$REPO" "$home/jcnn"
git -C "$home/jcnn" checkout -q -B fresh-check "$COMMIT"
chown -R --reference="$home" "$home"
say "clone of $(git -C "$REPO" log -1 --format='%h %s' "$COMMIT" | cut -c1-100) in /home/student/jcnn"

if [ $SHELL_ONLY = yes ]; then
  as_student "exec bash -l"
  exit
fi

# ---- 4. the README's commands ------------------------------------------------------------------
status=0
for s in $STEPS; do
  case $s in main|test) ;; *) echo "fresh-debian.sh: unknown step '$s' (main or test)" >&2; exit 2 ;; esac
  say "as student: cd ~/jcnn && nice -n 10 ./scripts/$s.sh   (log: $home/$s.log)"
  t=$(date +%s)
  set +e
  as_student "cd ~/jcnn && nice -n 10 ./scripts/$s.sh" </dev/null >"$home/$s.log" 2>&1
  rc=$?
  set -e
  d=$(( $(date +%s) - t ))
  say "scripts/$s.sh: exit status $rc after $(( d / 60 )) min $(( d % 60 )) s; its last lines:"
  tail -15 "$home/$s.log" | sed 's/^/    /'
  [ $rc -eq 0 ] || status=1
done
if [[ " $STEPS " == *" main "* ]]; then
  say "git status --short in the clone after the commands (empty = clean):"
  as_student "cd ~/jcnn && git status --short" | sed 's/^/    /'
fi
exit $status
}
main "$@"; exit
