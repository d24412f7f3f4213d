"""The generated application form: one widget per catalog field kind, the form view holding
them, prefill from the server's data, and the document-capture worker (UI side of
camera/documents.py)."""
