"""Pure rules of the areas service: plain functions, no I/O, tested directly.

- `periods`: statistic periods (`YYYY` or `YYYY-MM`), their order and "as of" selection;
- `formation`: the legal formation check of an employment area (labour force, contiguity,
  single membership, exemptions);
- `forecast`: the labour force under compound annual rates;
"""
