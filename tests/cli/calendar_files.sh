# Government-format office-calendar files for the calendar tests (sourced, not a test itself).
# gov_calendar YEAR [EDIT...] prints the DGPA day-by-day CSV of YEAR to stdout: every day, 星期,
# 是否放假 (2 on weekends and on the provisional rules' holidays, supplied via --off), 備註.
# Edits: --off DATE=NAME (a weekday off), --work DATE=NAME (a Saturday worked), --drop DATE,
# --dup DATE, --weekday DATE=X, --flag DATE=X, --raw LINE (appended as is), --no-header.
gov_calendar() {
  python3 - "$@" <<'PY'
import datetime, sys
args = sys.argv[1:]
year = int(args.pop(0))
off, work, drop, dup, weekday, flag, raw = {}, {}, set(), set(), {}, {}, []
header = True
while args:
    a = args.pop(0)
    if a == '--no-header':
        header = False
        continue
    v = args.pop(0)
    k, _, n = v.partition('=')
    if a == '--off': off[k] = n
    elif a == '--work': work[k] = n
    elif a == '--drop': drop.add(k)
    elif a == '--dup': dup.add(k)
    elif a == '--weekday': weekday[k] = n
    elif a == '--flag': flag[k] = n
    elif a == '--raw': raw.append(v)
names = '一二三四五六日'
out = ['西元日期,星期,是否放假,備註'] if header else []
d = datetime.date(year, 1, 1)
while d.year == year:
    iso = d.isoformat()
    if iso not in drop:
        f = '2' if d.weekday() >= 5 else '0'
        note = ''
        if iso in off: f, note = '2', off[iso]
        if iso in work: f, note = '0', work[iso]
        f = flag.get(iso, f)
        row = f"{d.strftime('%Y%m%d')},{weekday.get(iso, names[d.weekday()])},{f},{note}"
        out.append(row)
        if iso in dup: out.append(row)
    d += datetime.timedelta(days=1)
out += raw
sys.stdout.write('\n'.join(out) + '\n')
PY
}
