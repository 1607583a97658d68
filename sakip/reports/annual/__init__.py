"""The annual performance report (LKjIP, PermenPAN-RB 53/2014; DOMAIN.md §4; SOP 2 step 9).

- ``types``: what the report says, as plain dataclasses (the contract between the parts);
- ``data``: builds it from the year's accepted data (``annual_report_data``);
- ``sections``: the narrative sections written by the staff, and their texts pre-filled from data;
- ``render_docx`` / ``render_pdf`` / ``render_xlsx``: the files; ``services``: generation.
"""
