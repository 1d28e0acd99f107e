"""Clinician review of the content: who checked what and when it is due (`due`), every answer
as a patient gets it (`patient_view`), and the sign-off page (`content_sheet`)."""
