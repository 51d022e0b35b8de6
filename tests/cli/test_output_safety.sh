#!/usr/bin/env bash
# Every file epb writes (rejects, backups, the demo's ledger and config, JSON-lines outboxes,
# letter batches) is refused when it is the ledger, its -wal, -shm or -journal, the config in
# use or an input of the same command — by what it is on disk, not by how it is spelled — and is
# written whole (temporary file, renamed) with mode 0600 in directories of mode 0700. init
# leaves a file that is not an epb ledger alone and makes an existing ledger private.
# (issue 9 §1 and §2.4; the rejects file's content: test_case_import_rejects.sh)
source "$(dirname "$0")/lib.sh"

export EPB_NOW="2024-03-01 09:00"
cd "$SCRATCH" || exit 1
LEDGER="$SCRATCH/x.sqlite"
export EPB_LEDGER=$LEDGER

check() { # check LABEL COMMAND...: COMMAND succeeds
  CHECKS=$((CHECKS + 1))
  local label=$1
  shift
  "$@" || fail "$label"
}
mode_is() { check "$1 has mode $2 (it has $(stat -c %a "$1" 2>/dev/null))" [ "$(stat -c %a "$1" 2>/dev/null)" = "$2" ]; }
no_temp_files() { check "no temporary file left in ${1:-.}" [ -z "$(find "${1:-.}" -name '.*.epb-*')" ]; }

run init -q
expect_rc 0
run case open --service petition --channel phone --name 王小明 --phone 0912345678 --subject 路燈不亮
expect_rc 0
# A -wal and -shm to aim at, as a running writer would leave them.
check "the ledger has a -wal file" sqlite3 "$LEDGER" 'PRAGMA journal_mode' >/dev/null
printf '%s\n' 'service,channel,name,phone,subject' 'petition,phone,王小明,0912345678,好的' \
  'petition,phone,王小明,0912-34,壞的' >in.csv
printf 'service\tchannel\tname\tphone\tsubject\npetition\tphone\t王小明\t0912-34\t壞的\n' >in.tsv
printf '%s\n' '{"service":"petition","channel":"phone","name":"王小明","phone":"0912-34","subject":"壞的"}' >in.jsonl
"$EPB_BIN" config show >cfg.toml
mkdir sub adir
ln -s x.sqlite link.sqlite
ln -s link.sqlite link2.sqlite
ln x.sqlite hard.sqlite
ln -s x.sqlite-wal walink
ln -s "$SCRATCH" dirlink
ln -s in.csv in-link.csv
ln in.csv in-hard.csv
IN_SUM=$(sha256sum <in.csv)
LEDGER_SUM=$(ledger_dump)

# --- case import --rejects: never the ledger, however spelled ----------------------------
IMPORT=(case import in.csv --skip-invalid --rejects)
refuse "epb: error: --rejects $LEDGER: is the ledger ($LEDGER); epb never writes over it" "${IMPORT[@]}" "$LEDGER"
refuse "epb: error: --rejects x.sqlite: is the ledger (*x.sqlite); epb never writes over it" "${IMPORT[@]}" x.sqlite
refuse "epb: error: --rejects ./x.sqlite: is the ledger*" "${IMPORT[@]}" ./x.sqlite
refuse "epb: error: --rejects $SCRATCH//x.sqlite: is the ledger*" "${IMPORT[@]}" "$SCRATCH//x.sqlite"
refuse "epb: error: --rejects sub/../x.sqlite: is the ledger*" "${IMPORT[@]}" sub/../x.sqlite
refuse "epb: error: --rejects nosuch/../x.sqlite: is the ledger*" "${IMPORT[@]}" nosuch/../x.sqlite
refuse "epb: error: --rejects link.sqlite: is the ledger*" "${IMPORT[@]}" link.sqlite
refuse "epb: error: --rejects link2.sqlite: is the ledger*" "${IMPORT[@]}" link2.sqlite
refuse "epb: error: --rejects hard.sqlite: is the ledger*" "${IMPORT[@]}" hard.sqlite
refuse "epb: error: --rejects dirlink/x.sqlite: is the ledger*" "${IMPORT[@]}" dirlink/x.sqlite
refuse "epb: error: --rejects x.sqlite-wal: is the ledger's -wal file*" "${IMPORT[@]}" x.sqlite-wal
refuse "epb: error: --rejects x.sqlite-shm: is the ledger's -shm file*" "${IMPORT[@]}" x.sqlite-shm
refuse "epb: error: --rejects x.sqlite-journal: is the ledger's -journal file*" "${IMPORT[@]}" x.sqlite-journal
refuse "epb: error: --rejects walink: is the ledger's -wal file*" "${IMPORT[@]}" walink
refuse "epb: error: --rejects dirlink/x.sqlite-shm: is the ledger's -shm file*" "${IMPORT[@]}" dirlink/x.sqlite-shm
# The ledger named through a symlink: its side files are named after the real file.
refuse "epb: error: --rejects x.sqlite-wal: is the ledger's -wal file*" --ledger link.sqlite "${IMPORT[@]}" x.sqlite-wal
EPB_LEDGER=./x.sqlite refuse "epb: error: --rejects $LEDGER: is the ledger*" "${IMPORT[@]}" "$LEDGER"
# A ledger not made yet is protected too, and stays unmade.
refuse "epb: error: --rejects new.sqlite: is the ledger*" --ledger new.sqlite "${IMPORT[@]}" new.sqlite
refuse "epb: error: --rejects new.sqlite-wal: is the ledger's -wal file*" --ledger new.sqlite "${IMPORT[@]}" new.sqlite-wal
check "the refused import made no ledger" [ ! -e new.sqlite ]
# ... nor the file being read, nor the configuration.
refuse "epb: error: --rejects in.csv: is an input of this command*" "${IMPORT[@]}" in.csv
refuse "epb: error: --rejects ./in.csv: is an input of this command*" "${IMPORT[@]}" ./in.csv
refuse "epb: error: --rejects in-link.csv: is an input of this command*" "${IMPORT[@]}" in-link.csv
refuse "epb: error: --rejects in-hard.csv: is an input of this command*" "${IMPORT[@]}" in-hard.csv
refuse "epb: error: --rejects in.tsv: is an input of this command*" case import in.tsv --skip-invalid --rejects in.tsv
refuse "epb: error: --rejects in.jsonl: is an input of this command*" case import in.jsonl --skip-invalid --rejects in.jsonl
refuse "epb: error: --rejects in.csv: is the standard input of this command; epb never writes over it" \
  case import - --skip-invalid --rejects in.csv <in.csv
refuse "epb: error: --rejects /dev/stdin: is the standard input of this command*" \
  case import - --skip-invalid --rejects /dev/stdin <in.csv
refuse "epb: error: --rejects cfg.toml: is the configuration in use*" --config cfg.toml "${IMPORT[@]}" cfg.toml
# ... nor what cannot be a file.
refuse "epb: error: --rejects adir: is a directory" "${IMPORT[@]}" adir
refuse "epb: error: --rejects nosuch/r.csv: no such directory nosuch" "${IMPORT[@]}" nosuch/r.csv
refuse "epb: error: --rejects in.csv/r.csv: no such directory in.csv" "${IMPORT[@]}" in.csv/r.csv
check "the input is as it was" [ "$(sha256sum <in.csv)" = "$IN_SUM" ]
check "the ledger's dump is as it was" [ "$(ledger_dump)" = "$LEDGER_SUM" ]
check "no file appeared in nosuch" [ ! -e nosuch ]
no_temp_files

# The input truncated while read (issue 9 §1.3): a big file, all of it read when the rejects go elsewhere.
{
  echo 'service,channel,name,phone,subject'
  for i in $(seq 1 3000); do echo "petition,phone,王小明,0912-34,第${i}件"; done
} >big.csv
BIG_SUM=$(sha256sum <big.csv)
refuse "epb: error: --rejects big.csv: is an input of this command*" case import big.csv --skip-invalid --rejects big.csv
check "big.csv untouched" [ "$(sha256sum <big.csv)" = "$BIG_SUM" ]
imp big.csv --skip-invalid --rejects big-rejects.csv
expect_rc 0
expect_err_contains "epb: big.csv: read 3000, imported 0, updated 0, skipped 0, rejected 3000 in X.X s"
check "3000 rejected records after their notes" [ "$(wc -l <big-rejects.csv)" = 6001 ]
mode_is big-rejects.csv 600

# Written whole: a failed import leaves an existing rejects file as it was, and no temporary file.
echo old >old.csv
printf '%s\n' 'service,channel,name,phone' 'petition,phone,王小明,0912345678' >nosubject.csv
refuse "epb: error: nosubject.csv:1: missing column 'subject'*" case import nosubject.csv --skip-invalid --rejects old.csv
check "old.csv untouched" [ "$(cat old.csv)" = old ]
no_temp_files
# The rejects file replaces an existing one (as before), through a symlink to it too.
ln -s old.csv old-link.csv
imp in.csv --skip-invalid --rejects old-link.csv
expect_rc 0
check "old-link.csv is still a symlink" [ -L old-link.csv ]
check "the file it names holds the rejects" grep -q '^petition,phone,王小明,0912-34,壞的$' old.csv
mode_is old.csv 600
# A device is written directly.
imp in.csv --skip-invalid --rejects /dev/null
expect_rc 0
run case list --count
expect_out 2

# --- db backup: the ledger is never replaced, not even with --force ----------------------
LEDGER_SUM=$(ledger_dump)
FILE_SUM=$(sha256sum <"$LEDGER")
refuse "epb: error: backup $LEDGER: is the ledger ($LEDGER); epb never writes over it" db backup "$LEDGER" --force
refuse "epb: error: backup $LEDGER: is the ledger*" db backup "$LEDGER"
refuse "epb: error: backup ./x.sqlite: is the ledger*" db backup ./x.sqlite --force
refuse "epb: error: backup sub/../x.sqlite: is the ledger*" db backup sub/../x.sqlite --force
refuse "epb: error: backup link.sqlite: is the ledger*" db backup link.sqlite --force
refuse "epb: error: backup link2.sqlite: is the ledger*" db backup link2.sqlite --force
refuse "epb: error: backup hard.sqlite: is the ledger*" db backup hard.sqlite --force
refuse "epb: error: backup dirlink/x.sqlite: is the ledger*" db backup dirlink/x.sqlite --force
refuse "epb: error: backup x.sqlite-wal: is the ledger's -wal file*" db backup x.sqlite-wal --force
refuse "epb: error: backup x.sqlite-shm: is the ledger's -shm file*" db backup x.sqlite-shm --force
refuse "epb: error: backup x.sqlite-journal: is the ledger's -journal file*" db backup x.sqlite-journal --force
refuse "epb: error: backup walink: is the ledger's -wal file*" db backup walink --force
refuse "epb: error: backup cfg.toml: is the configuration in use*" --config cfg.toml db backup cfg.toml --force
refuse "epb: error: backup adir: is a directory" db backup adir --force
refuse "epb: error: backup nosuch/b.sqlite: no such directory nosuch" db backup nosuch/b.sqlite
refuse "epb: error: backup /dev/null: not a regular file" db backup /dev/null --force
refuse "epb: error: backup old.csv: file exists (use --force to replace it)" db backup old.csv
EPB_LEDGER=./x.sqlite refuse "epb: error: backup $LEDGER: is the ledger*" db backup "$LEDGER" --force
check "the ledger file is byte for byte as it was" [ "$(sha256sum <"$LEDGER")" = "$FILE_SUM" ]
run db check
expect_rc 0
no_temp_files
# A backup is made whole beside its target, then renamed: mode 0600 also over a looser file.
run db backup b.sqlite
expect_rc 0
mode_is b.sqlite 600
echo junk >loose.sqlite
chmod 644 loose.sqlite
run db backup loose.sqlite --force
expect_rc 0
mode_is loose.sqlite 600
run --ledger loose.sqlite db check
expect_rc 0
expect_sql "select count(*) from case_file" 2 loose.sqlite
no_temp_files

# --- demo: never over the ledger or the config in use ------------------------------------
refuse "epb: error: --demo-ledger link.sqlite: is the ledger*" demo --cases 5 --demo-ledger link.sqlite
refuse "epb: error: --demo-ledger hard.sqlite: is the ledger*" demo --cases 5 --demo-ledger hard.sqlite
refuse "epb: error: --demo-ledger x.sqlite-wal: is the ledger's -wal file*" demo --cases 5 --demo-ledger x.sqlite-wal
refuse "epb: error: --demo-ledger cfg.toml: is the configuration in use*" --config cfg.toml demo --cases 5 --demo-ledger cfg.toml
run demo --cases 5
expect_rc 0
mode_is "$XDG_DATA_HOME/epb" 700
mode_is "$XDG_DATA_HOME/epb/demo" 700
mode_is "$XDG_DATA_HOME/epb/demo/ledger.sqlite" 600
mode_is "$XDG_DATA_HOME/epb/demo/epb.toml" 600
no_temp_files "$XDG_DATA_HOME"

# --- notify run: a JSON-lines outbox or letters directory is never the ledger -------------
notify_cfg() { # notify_cfg SMS-PATH LETTERS-DIR: a config whose transports land there
  "$EPB_BIN" config show | sed -e "s|^command = .*|command = \"/bin/true\"|" -e "s|^path = .*|path = \"$1\"|" \
    -e "s|^directory = .*|directory = \"$2\"|" >"$3"
}
notify_cfg "$LEDGER" "$SCRATCH/letters" sms-ledger.toml
notify_cfg "$SCRATCH/x.sqlite-wal" "$SCRATCH/letters" sms-wal.toml
notify_cfg "$SCRATCH/link.sqlite" "$SCRATCH/letters" sms-link.toml
notify_cfg "$SCRATCH/sms-self.toml" "$SCRATCH/letters" sms-self.toml
notify_cfg "$SCRATCH/sms.jsonl" "$LEDGER" letters-ledger.toml
refuse "epb: error: transport sms path $LEDGER: is the ledger*" --config sms-ledger.toml notify run
refuse "epb: error: transport sms path $SCRATCH/x.sqlite-wal: is the ledger's -wal file*" --config sms-wal.toml notify run
refuse "epb: error: transport sms path $SCRATCH/link.sqlite: is the ledger*" --config sms-link.toml notify run --dry-run
refuse "epb: error: transport sms path $SCRATCH/sms-self.toml: is the configuration in use*" --config sms-self.toml notify run
refuse "epb: error: transport post directory $LEDGER: is the ledger*" --config letters-ledger.toml notify run
check "the ledger file is byte for byte as it was" [ "$(sha256sum <"$LEDGER")" = "$FILE_SUM" ]
# Delivered: the outbox and letter batches are 0600, the letters directory 0700.
notify_world "$SCRATCH/world"
run "${E[@]}" init -q
run "${E[@]}" --as-of "2024-03-04 10:00" case open --service petition --channel mail --subject 垃圾清運 --name 陳美麗 \
  --address 高雄市苓雅區四維三路2號
run "${E[@]}" --as-of "2024-03-04 10:00" case open --service petition --channel phone --subject 路面坑洞 --name 李大同 \
  --phone 0911222333
run "${E[@]}" --as-of "2024-03-08 09:00" notify run
expect_rc 0
mode_is "$OUTDIR/letters" 700
mode_is "$(ls -d "$OUTDIR"/letters/letters-*.csv | head -1)" 600
mode_is "$OUTDIR/sms.jsonl" 600
LEDGER="$SCRATCH/x.sqlite"

# --- init: only epb ledgers; an existing one is made private -----------------------------
echo "not a ledger" >notes.txt
NOTES_SUM=$(sha256sum <notes.txt)
refuse "epb: error: ledger notes.txt: not an epb ledger (not an SQLite database); epb leaves it untouched" \
  --ledger notes.txt init
refuse "epb: error: ledger notes.txt: not an epb ledger*" --ledger notes.txt db migrate
refuse "epb: error: ledger notes.txt: not an epb ledger*" --ledger notes.txt case list
check "notes.txt untouched" [ "$(sha256sum <notes.txt)" = "$NOTES_SUM" ]
sqlite3 other.sqlite 'CREATE TABLE songs(title TEXT); INSERT INTO songs VALUES ("望春風"); PRAGMA user_version = 7'
OTHER_SUM=$(sha256sum <other.sqlite)
refuse "epb: error: ledger other.sqlite: not an epb ledger (an SQLite database of another program); epb leaves it untouched" \
  --ledger other.sqlite init
refuse "epb: error: ledger other.sqlite: not an epb ledger*" --ledger other.sqlite db migrate
sqlite3 other0.sqlite 'CREATE TABLE t(x)'
refuse "epb: error: ledger other0.sqlite: not an epb ledger (an SQLite database of another program)*" --ledger other0.sqlite init
refuse "epb: error: ledger adir: not an epb ledger (not a regular file)*" --ledger adir init
check "other.sqlite untouched" [ "$(sha256sum <other.sqlite)" = "$OTHER_SUM" ]
check "no -wal or -shm beside other.sqlite" [ ! -e other.sqlite-wal ] && [ ! -e other.sqlite-shm ]
# An empty file (a run that died at once) is made a ledger.
: >empty.sqlite
run --ledger empty.sqlite init -q
expect_rc 0
# An existing ledger with loose permissions is tightened, its -wal and -shm with it.
cp "$LEDGER" loose-ledger.sqlite
chmod 644 loose-ledger.sqlite
sqlite3 loose-ledger.sqlite 'PRAGMA journal_mode=WAL' >/dev/null
touch loose-ledger.sqlite-wal loose-ledger.sqlite-shm
chmod 666 loose-ledger.sqlite-wal loose-ledger.sqlite-shm
run --ledger loose-ledger.sqlite init -q
expect_rc 0
mode_is loose-ledger.sqlite 600
for side in wal shm; do [ -e "loose-ledger.sqlite-$side" ] && mode_is "loose-ledger.sqlite-$side" 600; done
# A new ledger's directories are 0700.
run --ledger "$SCRATCH/deep/er/l.sqlite" init -q
expect_rc 0
mode_is "$SCRATCH/deep" 700
mode_is "$SCRATCH/deep/er" 700
mode_is "$SCRATCH/deep/er/l.sqlite" 600

finish
