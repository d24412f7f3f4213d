<?xml version="1.0" encoding="utf-8"?>
<TS version="2.1" language="id_ID">
<context>
    <name>DocumentsScreen</name>
    <message>
        <location filename="../../ui/screens/documents.py" />
        <source>I did not bring it</source>
        <translation>Saya tidak membawanya</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" />
        <source>Ask a staff member</source>
        <translation>Minta bantuan petugas</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" />
        <source>Stop, I will come back</source>
        <translation>Selesai, saya datang lagi nanti</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" />
        <source>The application cannot be sent yet. Not brought: %1</source>
        <translation>Permohonan belum dapat dikirim. Dokumen yang tidak dibawa: %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" />
        <source>Not brought</source>
        <translation>Tidak dibawa</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" />
        <source>Photograph</source>
        <translation>Foto ini</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" />
        <source>Like this: the photo in the middle of the frame, the face clearly visible</source>
        <translation>Contoh: pas foto di tengah bingkai, wajah terlihat jelas</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" />
        <source>Like this: the whole page inside the frame, no fingers on the text</source>
        <translation>Contoh: seluruh halaman di dalam bingkai, jari tidak menutupi tulisan</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" />
        <source>I have it: take the photo</source>
        <translation>Saya membawanya: ambil foto</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" />
        <source>Start the camera again</source>
        <translation>Nyalakan kamera lagi</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" />
        <source>%1 is required: the application cannot be sent without it. Come back with it another time (what you entered here is not kept), or ask a staff member at the counter for help.</source>
        <translation>%1 wajib ada: permohonan tidak dapat dikirim tanpa dokumen ini. Silakan datang lagi dengan membawanya (isian Anda di sini tidak disimpan), atau minta bantuan petugas di loket.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" />
        <source>This is not a pas foto: no face can be seen. Hold up your printed pas foto.</source>
        <translation>Ini bukan pas foto: tidak terlihat wajah. Tunjukkan pas foto cetak Anda.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" />
        <source>More than one face can be seen. Hold up a pas foto of one person only.</source>
        <translation>Terlihat lebih dari satu wajah. Tunjukkan pas foto satu orang saja.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" />
        <source>This is not a pas foto: the face is too small. Hold up the pas foto itself, close to the camera.</source>
        <translation>Ini bukan pas foto: wajahnya terlalu kecil. Tunjukkan pas fotonya sendiri, dekat ke kamera.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" />
        <source>A face was photographed, not the document. Hold the document itself in front of the camera.</source>
        <translation>Yang terfoto adalah wajah, bukan dokumen. Pegang dokumennya di depan kamera.</translation>
    </message>
</context>
</TS>
