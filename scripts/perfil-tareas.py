"""The main thread's tasks of one load, each with the functions that ran in it.

Reads OUT.trace.json and OUT.cpuprofile written by scripts/perfil-tareas.mjs and prints every
task of the renderer's main thread over MIN_MS (4), with its largest trace events and its
heaviest functions by total time (callees included, ROWS of them, 20). Rust names are
demangled with `rustfilt` when it is installed (`cargo install rustfilt`); a build with names
is `CS_WASM_NOMBRES=1 scripts/build.sh`.

Usage: python3 scripts/perfil-tareas.py OUT [MIN_MS] [ROWS]
"""
import json
import re
import shutil
import subprocess
import sys
from collections import defaultdict

salida = sys.argv[1]
minimo_ms = float(sys.argv[2]) if len(sys.argv) > 2 else 4
filas = int(sys.argv[3]) if len(sys.argv) > 3 else 20
perfil = json.load(open(salida + ".cpuprofile"))
eventos = json.load(open(salida + ".trace.json"))["traceEvents"]

# The renderer's main thread: of the threads named CrRendererMain, the one with most tasks.
principales = {
    (e["pid"], e["tid"])
    for e in eventos
    if e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"
}
tareas_por_hilo = defaultdict(int)
for e in eventos:
    if (e.get("pid"), e.get("tid")) in principales and e.get("name") == "RunTask":
        tareas_por_hilo[(e["pid"], e["tid"])] += 1
hilo = max(tareas_por_hilo, key=tareas_por_hilo.get)
del_hilo = [e for e in eventos if (e.get("pid"), e.get("tid")) == hilo and e.get("ph") == "X"]
tareas = sorted((e for e in del_hilo if e["name"] == "RunTask"), key=lambda e: e["ts"])

nodos = {n["id"]: n["callFrame"] for n in perfil["nodes"]}
padres = {hijo: n["id"] for n in perfil["nodes"] for hijo in n.get("children", [])}
mangladas = sorted({marco["functionName"] for marco in nodos.values()})
legibles = mangladas
if shutil.which("rustfilt"):
    legibles = subprocess.run(["rustfilt"], input="\n".join(mangladas), capture_output=True, text=True).stdout.split("\n")
demangle = dict(zip(mangladas, legibles))


def nombre(marco):
    """The function without hashes or generic arguments, and the file it is in."""
    texto = re.sub(r"\[[0-9a-f]{16}\]", "", demangle.get(marco["functionName"], marco["functionName"]))
    sin_genericos, profundidad = [], 0
    for letra in texto:
        profundidad += letra == "<"
        if profundidad == 0:
            sin_genericos.append(letra)
        profundidad -= letra == ">"
    return "".join(sin_genericos)[:120] + " @" + marco["url"].split("/")[-1][:14]


# Each sample's time, at the moment it was taken (the profile and the trace share the clock).
muestras, instante = [], perfil["startTime"]
for i, nodo in enumerate(perfil["samples"]):
    instante += perfil["timeDeltas"][i]
    siguiente = perfil["timeDeltas"][i + 1] if i + 1 < len(perfil["timeDeltas"]) else 0
    muestras.append((instante, nodo, siguiente))

inicio = tareas[0]["ts"]
for tarea in tareas:
    if tarea["dur"] / 1000 < minimo_ms:
        continue
    fin = tarea["ts"] + tarea["dur"]
    eventos_dentro = defaultdict(float)
    for e in del_hilo:
        if e is not tarea and e["name"] != "RunTask" and tarea["ts"] <= e["ts"] < fin:
            eventos_dentro[e["name"]] += e.get("dur", 0) / 1000
    total = defaultdict(float)
    for instante, nodo, us in muestras:
        if tarea["ts"] <= instante < fin:
            en_la_pila = set()
            while nodo is not None:
                en_la_pila.add(nombre(nodos[nodo]))
                nodo = padres.get(nodo)
            for funcion in en_la_pila:
                total[funcion] += us
    mayores = sorted(eventos_dentro.items(), key=lambda kv: -kv[1])[:5]
    print(f"=== at {(tarea['ts'] - inicio) / 1000:7.1f} ms, task {tarea['dur'] / 1000:.1f} ms: "
          + ", ".join(f"{k} {v:.1f}" for k, v in mayores))
    for funcion, us in sorted(total.items(), key=lambda kv: -kv[1])[:filas]:
        if not funcion.startswith("(root)"):
            print(f"   {us / 1000:6.1f}  {funcion}")
