"""Receipt output: ESC/POS thermal printers, the 80 mm PDF fallback and the reprint queue."""
