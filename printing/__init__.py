"""Receipt printing without Qt: thermal printers over ESC/POS and the reprint queue."""
