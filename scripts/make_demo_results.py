"""Write fixtures/demo-results.xlsx: 600 made-up respondents for the demo questionnaire.

Run once (`python scripts/make_demo_results.py`); the file is committed. The answers are
drawn with a fixed seed, near the national figures, so the demo comparison shows both
lines that meet and rows that are not comparable. They are not real survey data.
"""

import random
from pathlib import Path

from openpyxl import Workbook

OUT = Path(__file__).resolve().parents[1] / "fixtures" / "demo-results.xlsx"
TENSIONS = ["c05i1arel", "c05i1amigr", "c05i1aleeft", "c05i1aopl", "c05i1aink"]
COHESION = ["c08i1a", "c08i1b", "c08i1c", "c08i1d", "c08i1e"]
TRUST = [
    "c06i1kerken",
    "c06i1leger",
    "c06i1rechters",
    "c06i1pers",
    "c06i1politie",
    "c06i1tweedekamer",
    "c06i1ambtenaren",
    "c06i1banken",
    "c06i1grotebedrijven",
    "c06i1deeuropeseunie",
    "c06i1gezondheidszorg",
    "c06i1politici",
    "c06i1gemeenteraad",
]
WIJKEN = ["Binnenstad", "Noordoost", "Overvecht", "Leidsche Rijn", "Zuidwest"]


def draw(rng, codes, weights):
    return rng.choices(codes, weights=weights)[0]


def respondent(rng, number):
    row = [f"R{number:04d}"]
    row += [draw(rng, [1, 2, 3, 4, 9], [18, 32, 35, 10, 5]) for _ in TENSIONS]
    row.append(draw(rng, [1, 2, 3, 4, 5], [6, 22, 30, 30, 12]))  # 'kennen elkaar nauwelijks'
    row += [draw(rng, [1, 2, 3, 4, 5, None], [18, 52, 18, 8, 3, 1]) for _ in COHESION[1:]]
    row += [draw(rng, [1, 2, 3, 4, None], [6, 38, 40, 14, 2]) for _ in TRUST]
    row.append(rng.choice(WIJKEN))
    row.append(round(rng.uniform(0.6, 1.6), 3))
    return row


def main():
    rng = random.Random(20251205)
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "respondenten"
    sheet.append(["respondent", *TENSIONS, *COHESION, *TRUST, "wijk", "gewicht"])
    for number in range(1, 601):
        sheet.append(respondent(rng, number))
    workbook.save(OUT)


if __name__ == "__main__":
    main()
