"""Camera and biometrics: frame sources, face tracking, quality gate, liveness, templates.

Modules: sources (webcam/file/still), tracker (Face Mesh), pose (solvePnP), quality (ICAO-style
gate), challenges + liveness (active checks), passive (planar check), screen (replay-on-a-device
cue), photo (stills), templates (face_recognition encodings), capture (one citizen's face
capture, built from the configuration), face_process (the face models in a child process, so
the UI never stalls), documents (document capture).
"""
