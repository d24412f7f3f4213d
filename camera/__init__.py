"""Camera and biometrics: frame sources, face tracking, quality gate, liveness, templates.

Modules: sources (webcam/file/still), tracker (Face Mesh), pose (solvePnP), quality (ICAO-style
gate), challenges + liveness (active checks), passive (planar check), screen (replay-on-a-device
cue), photo (stills), templates (face_recognition encodings), session (the per-citizen pipeline
for the UI), documents (document capture).
"""
