<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="id_ID">
<context>
    <name>DigitField</name>
    <message>
        <location filename="../../ui/forms/digit_field.py" line="119" />
        <location filename="../../ui/forms/digit_field.py" line="120" />
        <source>16 digits</source>
        <translation>16 angka</translation>
    </message>
    <message>
        <location filename="../../ui/forms/digit_field.py" line="121" />
        <source>e.g. 081234567890</source>
        <translation>misalnya 081234567890</translation>
    </message>
    <message>
        <location filename="../../ui/forms/digit_field.py" line="122" />
        <source>DD-MM-YYYY (day-month-year)</source>
        <translation>TT-BB-TTTT (tanggal-bulan-tahun)</translation>
    </message>
</context>
<context>
    <name>DocumentsScreen</name>
    <message>
        <location filename="../../ui/screens/documents.py" line="96" />
        <source>Photograph your documents</source>
        <translation>Foto dokumen Anda</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" line="99" />
        <source>Hold each document up to the camera. The photo is taken by itself when the document is still and sharp, or press “Take photo”.</source>
        <translation>Pegang setiap dokumen di depan kamera. Foto diambil otomatis saat dokumen diam dan terlihat jelas, atau tekan “Ambil foto”.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" line="103" />
        <source>Documents needed</source>
        <translation>Dokumen yang diperlukan</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" line="104" />
        <source>Take the photo again</source>
        <translation>Foto ulang</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" line="105" />
        <source>Continue</source>
        <translation>Lanjut</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" line="106" />
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" line="107" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" line="108" />
        <source>Next</source>
        <translation>Lanjut</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" line="143" />
        <source>The camera is not working. Please ask a staff member for help.</source>
        <translation>Kamera tidak berfungsi. Silakan minta bantuan petugas.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" line="159" />
        <source>Done</source>
        <translation>Sudah</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" line="160" />
        <source>Not yet</source>
        <translation>Belum</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" line="164" />
        <source>Retake</source>
        <translation>Foto ulang</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" line="164" />
        <source>Take photo</source>
        <translation>Ambil foto</translation>
    </message>
    <message>
        <location filename="../../ui/screens/documents.py" line="192" />
        <source>Photo taken. Check that it is readable.</source>
        <translation>Foto sudah diambil. Periksa apakah tulisannya terbaca.</translation>
    </message>
</context>
<context>
    <name>FamilyPicker</name>
    <message>
        <location filename="../../ui/forms/family_picker.py" line="53" />
        <source>Or tap a person on your Family Card (KK):</source>
        <translation>Atau sentuh nama anggota keluarga di Kartu Keluarga (KK) Anda:</translation>
    </message>
</context>
<context>
    <name>FieldWidget</name>
    <message>
        <location filename="../../ui/forms/base.py" line="86" />
        <source>(optional)</source>
        <translation>(tidak wajib)</translation>
    </message>
</context>
<context>
    <name>FormScreen</name>
    <message>
        <location filename="../../ui/screens/form.py" line="117" />
        <source>Fill in the form. Fields marked (optional) may stay empty.</source>
        <translation>Isi formulir ini. Isian bertanda (tidak wajib) boleh dikosongkan.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/form.py" line="118" />
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <location filename="../../ui/screens/form.py" line="119" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../ui/screens/form.py" line="120" />
        <source>Next</source>
        <translation>Lanjut</translation>
    </message>
    <message>
        <location filename="../../ui/screens/form.py" line="121" />
        <source>Done</source>
        <translation>Selesai</translation>
    </message>
</context>
<context>
    <name>FormView</name>
    <message>
        <location filename="../../ui/forms/form_view.py" line="141" />
        <source>Your application</source>
        <translation>Data permohonan</translation>
    </message>
    <message>
        <location filename="../../ui/forms/form_view.py" line="144" />
        <source>About: %1</source>
        <translation>Tentang: %1</translation>
    </message>
</context>
<context>
    <name>ListField</name>
    <message>
        <location filename="../../ui/forms/list_field.py" line="58" />
        <location filename="../../ui/forms/list_field.py" line="96" />
        <source>Remove</source>
        <translation>Hapus</translation>
    </message>
    <message>
        <location filename="../../ui/forms/list_field.py" line="91" />
        <source>Add a NIK</source>
        <translation>Tambah NIK</translation>
    </message>
</context>
<context>
    <name>ReviewScreen</name>
    <message>
        <location filename="../../ui/screens/review.py" line="65" />
        <source>Check your application</source>
        <translation>Periksa permohonan Anda</translation>
    </message>
    <message>
        <location filename="../../ui/screens/review.py" line="75" />
        <source>I declare that the data I entered is true, and I accept the consequences if it is not.</source>
        <translation>Saya menyatakan bahwa data yang saya isi adalah benar, dan saya bersedia menanggung akibatnya bila tidak benar.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/review.py" line="67" />
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <location filename="../../ui/screens/review.py" line="68" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../ui/screens/review.py" line="69" />
        <source>Send application</source>
        <translation>Kirim permohonan</translation>
    </message>
    <message>
        <location filename="../../ui/screens/review.py" line="90" />
        <source>Office</source>
        <translation>Instansi</translation>
    </message>
    <message>
        <location filename="../../ui/screens/review.py" line="92" />
        <source>Processing time</source>
        <translation>Lama proses</translation>
    </message>
    <message>
        <location filename="../../ui/screens/review.py" line="95" />
        <source>Fee</source>
        <translation>Biaya</translation>
    </message>
    <message>
        <location filename="../../ui/screens/review.py" line="101" />
        <source>About: %1</source>
        <translation>Tentang: %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/review.py" line="105" />
        <source>Your application</source>
        <translation>Data permohonan</translation>
    </message>
    <message>
        <location filename="../../ui/screens/review.py" line="113" />
        <source>Documents</source>
        <translation>Dokumen</translation>
    </message>
    <message>
        <location filename="../../ui/screens/review.py" line="164" />
        <source>Change</source>
        <translation>Ubah</translation>
    </message>
    <message>
        <location filename="../../ui/screens/review.py" line="189" />
        <source>Retake</source>
        <translation>Foto ulang</translation>
    </message>
</context>
<context>
    <name>ServiceScreen</name>
    <message>
        <location filename="../../ui/screens/service.py" line="108" />
        <source>Choose a service</source>
        <translation>Pilih layanan</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="109" />
        <source>Search:</source>
        <translation>Cari:</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="110" />
        <source>Type part of the name, e.g. akta, KIA, bidan</source>
        <translation>Ketik sebagian nama, misalnya akta, KIA, bidan</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="111" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
    <message>
        <location filename="../../ui/screens/service.py" line="112" />
        <source>No service matches your search. Try another word.</source>
        <translation>Tidak ada layanan yang cocok. Coba kata lain.</translation>
    </message>
</context>
</TS>