"""PainPath: a patient-education assistant for chronic-pain clinics, built on Rasa 3.6."""
