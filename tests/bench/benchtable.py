"""Printing the benchmarks' tables: rows of strings, the first row the
header; aligned text (first column left, the rest right) or Markdown."""


def print_text(table):
    widths = [max(len(r[i]) for r in table) for i in range(len(table[0]))]
    for r in table:
        print("  ".join(c.ljust(w) if i == 0 else c.rjust(w)
                        for i, (c, w) in enumerate(zip(r, widths))))


def print_markdown(table):
    print("| " + " | ".join(table[0]) + " |")
    print("|" + "---|" * len(table[0]))
    for r in table[1:]:
        print("| " + " | ".join(r) + " |")
