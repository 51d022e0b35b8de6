# Shared by the disk-full tests (sourced after lib.sh and crash_lib.sh): epb with the file-size
# limit lowered under it, and on a small file system that fills.

# limited KIB ARGS...: runs epb ARGS with the file-size limit KIB KiB and SIGXFSZ ignored, so a
# write past it fails with EFBIG (the ledger's -wal and -shm, outputs alike). Leaves OUT, ERR, RC.
limited() {
  local kib=$1
  shift
  # stderr through a pipe to a cat outside the limit: a file would be limited too.
  OUT=$(
    {
      (
        trap '' XFSZ
        ulimit -f "$kib"
        exec "$EPB_BIN" "$@" 2>&1 1>&3 3>&-
      ) | cat >"$SCRATCH/stderr"
      echo "${PIPESTATUS[0]}" >"$SCRATCH/rc"
    } 3>&1
  )
  RC=$(cat "$SCRATCH/rc")
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
trap 'small_fs_unmount; umount "$SCRATCH/noinode" 2>/dev/null; rm -rf "$SCRATCH"' EXIT
# fill_to FREE-KIB: fills $SMALL_FS until FREE-KIB KiB are free.
fill_to() {
  rm -f "$SMALL_FS/filler"
  local avail
  avail=$(df -k --output=avail "$SMALL_FS" | tail -1 | tr -d ' ')
  [ "$avail" -gt "$1" ] && dd if=/dev/zero of="$SMALL_FS/filler" bs=1K count=$((avail - $1)) 2>/dev/null
  return 0
}

# disk_full_sweep WHAT SAVED OUTPUT ARGS...: epb ARGS from ledger SAVED (save_ledger) under each
# file-size limit of $LIMITS (KiB), then, when a tmpfs can be mounted, with the ledger and OUTPUT
# on one that has only $FREE (KiB) left. Each run either succeeds (and OUTPUT, unless "-", is
# there) or fails cleanly: exit 1, one `epb: error: ` line, the ledger's content as before (or
# as $KEEPS allows: "reveals", the reveal events a roster's first step commits), no OUTPUT and
# no temporary file; `epb db check` passes either way. Counts the runs in DISK_FULL_CASES.
LIMITS="0 4 16 32 64 128 256 512 4096"
FREE="0 4 16 64 256 1024"
DISK_FULL_CASES=0 DISK_FULL_REFUSED=0
disk_full_sweep() {
  local what=$1 saved=$2 output=$3 kib before home_ledger=$LEDGER
  shift 3
  for kib in $LIMITS; do
    restore_ledger "$saved"
    [ "$output" != - ] && rm -f "$output"
    before=$(content_dump)
    limited "$kib" "$@"
    disk_full_outcome "$what (ulimit -f $kib)" "$before" "$output"
  done
  [ -n "$SMALL_FS" ] || return 0
  for kib in $FREE; do
    restore_ledger "$saved"
    LEDGER="$SMALL_FS/ledger.sqlite"
    rm -f "$SMALL_FS"/* "$SMALL_FS"/.??* 2>/dev/null
    cp "$SCRATCH/$saved.saved.sqlite" "$LEDGER"
    before=$(content_dump)
    fill_to "$kib"
    local out=$output
    [ "$output" != - ] && out="$SMALL_FS/$(basename "$output")"
    run --ledger "$LEDGER" "${@/#$output/$out}"
    rm -f "$SMALL_FS/filler" # room for the checks
    disk_full_outcome "$what ($kib KiB free)" "$before" "$out"
    rm -f "$SMALL_FS/filler"
    LEDGER=$home_ledger
  done
}
disk_full_outcome() {
  local label=$1 before=$2 output=$3
  DISK_FULL_CASES=$((DISK_FULL_CASES + 1))
  if [ "$RC" = 0 ]; then
    [ "$output" != - ] && check "$label: succeeded, so $output is there" [ -s "$output" ]
  else
    DISK_FULL_REFUSED=$((DISK_FULL_REFUSED + 1))
    expect_clean_failure "$label"
    if [ "${KEEPS:-}" = reveals ]; then
      check "$label: no batch" [ "$(q 'select count(*) from payment_batch')" = 0 ]
      check "$label: no application batched" [ "$(q 'select count(*) from payment_item')" = 0 ]
    else
      check "$label: the ledger as before" [ "$(content_dump)" = "$before" ]
    fi
    [ "$output" != - ] && no_file_left "$(dirname "$output")" "$(basename "$output")"
  fi
  run --ledger "$LEDGER" db check
  check "$label: db check passes ($ERR)" [ "$RC" = 0 ]
}
