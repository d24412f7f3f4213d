<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="id_ID">
<context>
    <name>ServiceIntro</name>
    <message>
        <source>Before you start</source>
        <translation>Sebelum mulai</translation>
    </message>
    <message>
        <source>(if needed)</source>
        <translation>(bila diperlukan)</translation>
    </message>
    <message>
        <source>Fee</source>
        <translation>Biaya</translation>
    </message>
    <message>
        <source>Processing time</source>
        <translation>Lama proses</translation>
    </message>
    <message>
        <source>Documents to photograph</source>
        <translation>Dokumen yang difoto</translation>
    </message>
    <message>
        <source>NIKs to have ready</source>
        <translation>NIK yang perlu disiapkan</translation>
    </message>
</context>
<context>
    <name>FormScreen</name>
    <message>
        <source>Please correct: %1</source>
        <translation>Mohon perbaiki: %1</translation>
    </message>
    <message>
        <source>%1 and %2 more</source>
        <translation>%1 dan %2 isian lain</translation>
    </message>
</context>
<context>
    <name>SurveyScreen</name>
    <message>
        <source>Thank you for your answers</source>
        <translation>Terima kasih atas jawaban Anda</translation>
    </message>
    <message>
        <source>They help us improve this service.</source>
        <translation>Jawaban Anda membantu kami memperbaiki layanan ini.</translation>
    </message>
    <message>
        <source>Done</source>
        <translation>Selesai</translation>
    </message>
</context>
<context>
    <name>EndedScreen</name>
    <message>
        <source>This screen returns to the start by itself.</source>
        <translation>Layar ini akan kembali ke awal dengan sendirinya.</translation>
    </message>
</context>
</TS>
