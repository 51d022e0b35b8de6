# Shared by the disk-full tests (sourced after lib.sh and crash_lib.sh): epb with the file-size
# limit lowered under it, and on a small file system that fills.

# limited KIB ARGS...: runs epb ARGS with the file-size limit KIB KiB and SIGXFSZ ignored, so a
# write past it fails with EFBIG (the ledger's -wal and -shm, outputs alike). Leaves OUT, ERR, RC.
limited() {
  local kib=$1
  shift
  OUT=$(
    trap '' XFSZ
    ulimit -f "$kib"
    exec "$EPB_BIN" "$@"
  ) 2>"$SCRATCH/stderr"
  RC=$?
  ERR=$(cat "$SCRATCH/stderr")
}

# expect_clean_failure WHAT: after a refused write, exit 1 and one `epb: error: ` line.
expect_clean_failure() {
  check "$1: exit 1 (got $RC: $ERR)" [ "$RC" = 1 ]
  check "$1: one 'epb: error: ' line (got: $ERR)" [ "$(printf '%s\n' "$ERR" | grep -c '^epb: error: ')" = 1 ]
}

# no_file_left DIR NAME: neither NAME nor a temporary file of epb's (.*.epb-*) is in DIR.
no_file_left() {
  check "$2 left behind" [ ! -e "$1/$2" ]
  check "a temporary file left in $1: $(find "$1" -maxdepth 1 -name '.*.epb-*')" \
    [ -z "$(find "$1" -maxdepth 1 -name '.*.epb-*')" ]
}

# SMALL_FS: a tmpfs of its own for the filling file system, or empty when none can be mounted
# (not root, no CAP_SYS_ADMIN); small_fs_mount SIZE mounts it (again) at $SCRATCH/small.
SMALL_FS=
small_fs_mount() {
  mkdir -p "$SCRATCH/small"
  umount "$SCRATCH/small" 2>/dev/null
  mount -t tmpfs -o "size=$1,mode=0700" epb-test "$SCRATCH/small" 2>/dev/null || return 1
  SMALL_FS="$SCRATCH/small"
}
small_fs_unmount() { [ -n "$SMALL_FS" ] && umount "$SMALL_FS" 2>/dev/null; }
trap 'small_fs_unmount; rm -rf "$SCRATCH"' EXIT
# fill_to FREE-KIB: fills $SMALL_FS until FREE-KIB KiB are free.
fill_to() {
  rm -f "$SMALL_FS/filler"
  local avail
  avail=$(df -k --output=avail "$SMALL_FS" | tail -1 | tr -d ' ')
  [ "$avail" -gt "$1" ] && dd if=/dev/zero of="$SMALL_FS/filler" bs=1K count=$((avail - $1)) 2>/dev/null
  return 0
}
