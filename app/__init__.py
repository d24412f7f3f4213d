"""The application: the `kiosk` command, the composition root that wires the ports, the demo."""
