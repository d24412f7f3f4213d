<?xml version='1.0' encoding='utf-8'?>
<!DOCTYPE TS>
<TS version="2.1" language="id_ID">
<context>
    <name>ServiceScreen</name>
    <message>
        <location filename="../../ui/screens/service.py" line="188" />
        <source>‹ All services</source>
        <translation>‹ Semua layanan</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/service.py" line="197" />
        <source>Choose from %n services</source>
        <translation>
            <numerusform>Pilih dari %n layanan</numerusform>
        </translation>
    </message>
</context>
</TS>
