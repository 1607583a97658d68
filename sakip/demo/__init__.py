"""Demo data of the client, the Diskominfo of Kabupaten Balangan, loaded by `manage.py load_demo`.

The people are fictional (UX.md: every one has a valid NIP); the structure, the plan and the budget
nomenclature follow what such an agency really has, so the demo looks like the office's own data.
"""
