"""One way to turn a page's HTML into a PDF, shared by every app that offers one.

WeasyPrint with PDF/UA-1, so headings, tables and lists are tagged and the title and
language kept (screen readers read the PDF as they read the page); the stylesheet is read
from the app's static files on disk, never fetched.
"""


def html_to_pdf(html: str, *, stylesheet: str, base_url: str | None = None) -> bytes:
    """``html`` as a tagged PDF styled by ``stylesheet`` (a static path, e.g.
    "complaints/report-print.css"); ``base_url`` resolves the page's own links and images."""
    from django.contrib.staticfiles import finders
    from weasyprint import CSS, HTML

    return HTML(string=html, base_url=base_url).write_pdf(
        stylesheets=[CSS(filename=finders.find(stylesheet))], pdf_variant="pdf/ua-1")
