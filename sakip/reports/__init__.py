"""Every generated document, on top of the data the lower apps own (issue 9: one home for
documents):

- ``quarterly/`` the quarterly and semester performance reports, ``annual/`` the LKjIP, both made
  from the quarterly data of sakip.monitoring; ``pk.py`` the RKT and PK, from sakip.planning;
- the pieces every document shares: ``models`` (``GeneratedDocument``, ``ReportJob``), ``jobs`` and
  ``tasks`` (background generation), ``storing`` (numbered versions), ``publishing``,
  ``letterhead``, ``formatting``, ``docx_render`` / ``pdf_render`` / ``charts``, and the archive
  (``views``, ``selectors``, ``access``).

The document kinds register their jobs, publication rules and SOP steps from
``ReportsConfig.ready``, so the apps below never import this one.
"""
