#!/usr/bin/python3
"""Markdown tables for docs/RELIABILITY.md from the JSON files scripts/reliability.py --out writes.

  /usr/bin/python3 scripts/reliability-report.py JCNN.json [IPYKERNEL.json] [SOAK.json ...]
Every figure printed is read from the files; a check a file does not hold is shown as "–".
"""
import json
import sys


def fmt(v, digits=2):
    if v is None:
        return "–"
    if isinstance(v, float):
        return ("%." + str(digits) + "f") % v
    return str(v)


def load(paths):
    jcnn, py = {}, {}
    for p in paths:
        with open(p) as f:
            d = json.load(f)
        target = jcnn if d.get("kernel") == "jcnn" else py
        for k, v in d.items():
            if k == "failures":
                target.setdefault("failures", []).extend(v)
            else:
                target[k] = v
    return jcnn, py


def interrupts(j, p):
    ji, pi = j.get("interrupts", {}), p.get("interrupts", {})
    print("| cell state | jcnn stopped / tried | stop p50 s | p95 s | worst s | interrupt_reply p50 / p95 / worst ms"
          " | kernel side p50 / p95 ms | variables kept | ipykernel stopped / tried | p50 s | p95 s | worst s |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, s in ji.get("states", {}).items():
        q = pi.get("states", {}).get(name)
        py_cols = ("%d / %d | %s | %s | %s" % (q["stopped"], q["tried"], fmt(q.get("stop_p50_s")), fmt(q.get("stop_p95_s")),
                                              fmt(q.get("stop_max_s")))) if q else "n/a | – | – | –"
        print("| %s | %d / %d | %s | %s | %s | %s / %s / %s | %s / %s | %s / %d | %s |" % (
            name, s["stopped"], s["tried"], fmt(s.get("stop_p50_s")), fmt(s.get("stop_p95_s")), fmt(s.get("stop_max_s")),
            fmt(s.get("reply_p50_ms"), 1), fmt(s.get("reply_p95_ms"), 1), fmt(s.get("reply_max_ms"), 1),
            fmt(s.get("reply_kernel_p50_ms"), 1), fmt(s.get("reply_kernel_p95_ms"), 1), s.get("kept", "–"), s["tried"], py_cols))
    print()
    for who, i in (("jcnn", ji), ("ipykernel", pi)):
        if i:
            rc, rk = i.get("reply_client_ms") or {}, i.get("reply_kernel_ms") or {}
            print("%s: %s of %s stopped; interrupt_reply over all tries, client p50 %s / p95 %s ms, kernel side p50 %s / p95 %s ms;"
                  " queued cases %s" % (who, i.get("stopped"), i.get("tried"), fmt(rc.get("p50"), 1), fmt(rc.get("p95"), 1),
                                        fmt(rk.get("p50"), 1), fmt(rk.get("p95"), 1), json.dumps(i.get("queued"))))
    print()


def section(name, j, p):
    for who, d in (("jcnn", j), ("ipykernel", p)):
        if name in d:
            print("- %s %s: `%s`" % (who, name, json.dumps(d[name])))
    print()


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    j, p = load(sys.argv[1:])
    interrupts(j, p)
    for name in ("lifecycle", "flood", "fuzz", "soak"):
        section(name, j, p)
    print("failures: jcnn %s; ipykernel %s" % (j.get("failures"), p.get("failures")))


if __name__ == "__main__":
    main()
