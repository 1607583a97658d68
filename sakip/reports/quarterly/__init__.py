"""The quarterly and semester performance reports (laporan kinerja triwulan / semester, DOMAIN.md §4;
SOP 2 steps 4 and 7), made from the data the quarterly cycle collected (sakip.monitoring).

- ``data``: what a report says (``quarterly_report_data``, ``period_report_data``), one source for
  the page, the DOCX, the PDF and the XLSX; ``semester``: the semester report on top of it;
- ``render``: the files; ``services``: generation (numbered versions), ``jobs``: as background jobs;
- ``publication``: why a version made before a quarter was reopened may not be published;
- ``handlers``: SOP 2's report steps; ``views`` / ``urls``: the pages.
"""
