"""The source plan's chapters: each chapter's Finnish title, which every section of it carries.

The titles are the source plan's headings (shortened for chapter 2, whose heading is a
sentence: "Laissa tarkoitettujen tehtävien hoitamiseen varattavat taloudelliset ja
henkilöstövoimavarat sekä niiden kohdentuminen").
"""

CHAPTERS_FI = {
    1: "Työllisyysalueen järjestäytyminen",
    2: "Taloudelliset ja henkilöstövoimavarat",
    3: "Palvelujen tuottaminen ja kohdentaminen",
    4: "Toimipisteiden määrä ja sijoittuminen",
    5: "Yhteistyötahot ja -muodot",
    6: "Työperäinen maahanmuutto, kohtaanto ja liikkuvuus",
    7: "Varautuminen rakennemuutostilanteisiin",
    8: "Alueellinen työllisyyden hoidon ekosysteemi",
}
