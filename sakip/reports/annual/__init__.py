"""The annual performance report (LKjIP, PermenPAN-RB 53/2014; DOMAIN.md §4; SOP 2 step 9).

- ``types``: what the report says, as plain dataclasses (the contract between the parts);
- ``data``: builds it from the year's accepted data (``annual_report_data``);
- ``models``: the staff's narrative sections (``AnnualReport``, ``AnnualReportSection``);
  ``sections`` names them, ``prefill`` writes their texts from the data, ``section_services`` and
  ``selectors`` store and read them;
- ``layout`` and ``render_docx`` / ``render_pdf`` / ``render_xlsx`` / ``render_charts``: the files;
  ``services``: generation, ``jobs``: as a background job;
- ``access``, ``handlers`` (SOP 2 step 9), ``views`` / ``urls`` / ``forms``: the pages.
"""
