"""The contract between kiosk and central server, shared by both sides.

`contract` (the JSON models and error codes), `signing` (request and document signatures),
`packets` (the sealed application packet). Qt-free and network-free.
"""
