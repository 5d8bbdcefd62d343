"""The organisation plan (järjestämissuunnitelma), composed from the services.

    composer.py     checks access, reads the area, fans out to every section under one deadline
    downstream.py   the calls' shared part: forwarded headers, the time left, problems
    section.py      what a section declares (key, number, title, service, fetch, template)
    document.py     the JSON document's models and its canonical ETag
    render.py       the printable HTML document (Jinja2, Markdown, inline SVG charts)
    sections/       one module per section; `sections.SECTIONS` is the order they print in

Adding a section means adding its module under `sections/` and one entry in `SECTIONS`.
"""
