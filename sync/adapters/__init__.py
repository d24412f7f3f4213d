"""The core's ports, satisfied by the central server: verification, status, submission, surveys,
health-worker records."""
