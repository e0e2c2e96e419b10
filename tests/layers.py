#!/usr/bin/env python3
"""The library's layers, checked: a file under src/LAYER/ includes private
headers of its own layer or of lower ones only, and the modules (a .c and
its .h) form no cycle: module a depends on module b when a.c includes b.h,
directly or through other headers; a header with no .c of its own (such as
featgram.h, shared by two files of one layer) is only a way through.  And a
.c file calls no function defined (not static) in a .c file of a higher
layer, whatever it declares: definitions and calls are found by regular
expressions over the text without comments and string literals, a
definition being a line at column 0 that names a function and its
parameters and opens its body; a name defined in several layers is left
alone.

Usage: tests/layers.py [SRC_DIR]   (default: the src/ beside this folder)
Exit 1, naming each offending #include, when a rule is broken."""
import os
import re
import sys

# Lowest first: the order of STANCE_LAYERS in CMakeLists.txt, then the CLI.
LAYERS = ["base", "text", "features", "model", "svm", "score", "attrib",
          "pipeline", "eval", "cli"]
INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')
# Comments, string and character literals (blanked before looking for
# functions; newlines kept, so line numbers stay right).
NOISE = re.compile(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)
# A function definition: at column 0, not static, a return type, the name,
# its parameters, then its body's brace.
DEFINITION = re.compile(r'^(?!static\b|typedef\b|extern\b|struct\b[^(]*[{;])'
                        r'[A-Za-z_][\w \t*]*?\b([A-Za-z_]\w*)\s*\([^;{}()]*(?:\([^;{}()]*\)[^;{}()]*)*\)'
                        r'\s*(?:__attribute__\s*\(\(.*?\)\)\s*)?\{', re.M)
CALL = re.compile(r'\b([A-Za-z_]\w*)\s*\(')


def blank(text):
    """text without comments and literals, each replaced by its newlines."""
    return NOISE.sub(lambda m: "\n" * m.group(0).count("\n") or " ", text)


def upward_calls(src, files, rank):
    """Calls from a .c file to a function that only a .c file of a higher
    layer defines, as messages."""
    code = {}
    defined = {}                         # name -> {layer: file}
    for layer, name in files:
        if not name.endswith(".c"):
            continue
        with open(os.path.join(src, layer, name), encoding="utf-8") as f:
            text = blank(f.read())
        code[(layer, name)] = text
        for m in DEFINITION.finditer(text):
            defined.setdefault(m.group(1), {}).setdefault(layer, name)
    owner = {fn: next(iter(where.items())) for fn, where in defined.items()
             if len(where) == 1}
    problems = []
    for (layer, name), text in code.items():
        for m in CALL.finditer(text):
            fn = m.group(1)
            if fn not in owner:
                continue
            to, where = owner[fn]
            if rank[to] > rank[layer]:
                lineno = text.count("\n", 0, m.start()) + 1
                problems.append(f"src/{layer}/{name}:{lineno}: calls {fn}(), defined in "
                                f"src/{to}/{where} of the higher layer src/{to}/")
    return problems


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    src = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "src")
    rank = {name: i for i, name in enumerate(LAYERS)}
    header_layer = {}
    files = []
    problems = []
    for layer in sorted(os.listdir(src)):
        path = os.path.join(src, layer)
        if not os.path.isdir(path):
            problems.append(f"src/{layer}: a file outside every layer folder")
            continue
        if layer not in rank:
            problems.append(f"src/{layer}/: a folder that is not a layer (add it to LAYERS)")
            continue
        for name in sorted(os.listdir(path)):
            if name.endswith((".c", ".h")):
                files.append((layer, name))
                if name.endswith(".h"):
                    if name in header_layer:
                        problems.append(f"{name}: in src/{header_layer[name]}/ and src/{layer}/")
                    header_layer[name] = layer
    includes = {}
    for layer, name in files:
        incs = includes.setdefault(name, [])
        with open(os.path.join(src, layer, name), encoding="utf-8") as f:
            for lineno, line in enumerate(f, 1):
                m = INCLUDE.match(line)
                if not m or m.group(1) == "stance.h":
                    continue
                inc = os.path.basename(m.group(1))
                if inc not in header_layer:
                    problems.append(f"src/{layer}/{name}:{lineno}: includes \"{inc}\", "
                                    "which is no header of src/")
                    continue
                incs.append(inc)
                to = header_layer[inc]
                if rank[to] > rank[layer]:
                    problems.append(f"src/{layer}/{name}:{lineno}: includes \"{inc}\" of the "
                                    f"higher layer src/{to}/ (layers, lowest first: "
                                    + " ".join(LAYERS) + ")")

    def reach(name, seen):
        for inc in includes.get(name, ()):
            if inc not in seen:
                seen.add(inc)
                reach(inc, seen)
        return seen

    modules = {name[:-2] for _, name in files if name.endswith(".c")}
    edges = {}
    for m in modules:
        for h in reach(m + ".c", set()):
            if h[:-2] in modules and h[:-2] != m:
                edges.setdefault(m, set()).add(h[:-2])
    # Cycles between modules: depth-first search, grey = on the current path.
    state = {}

    def visit(m, path):
        state[m] = "grey"
        for n in sorted(edges.get(m, ())):
            if state.get(n) == "grey":
                cycle = path[path.index(n):] + [n]
                problems.append("include cycle: " + " -> ".join(cycle))
            elif n not in state:
                visit(n, path + [n])
        state[m] = "black"

    for m in sorted(edges):
        if m not in state:
            visit(m, [m])
    problems.extend(upward_calls(src, files, rank))
    for p in problems:
        print(p, file=sys.stderr)
    if not files:
        print(f"{src}: no sources found", file=sys.stderr)
        return 1
    print(f"layers: {len(files)} files in {len(set(l for l, _ in files))} layers, "
          f"{len(problems)} problems")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
