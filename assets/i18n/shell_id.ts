<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="id_ID">
<context>
    <name>ConsentScreen</name>
    <message>
        <location filename="../../ui/screens/consent.py" line="79" />
        <source>Before we check your face</source>
        <translation>Sebelum wajah Anda diperiksa</translation>
    </message>
    <message>
        <location filename="../../ui/screens/consent.py" line="82" />
        <source>What the kiosk does</source>
        <translation>Apa yang dilakukan kiosk</translation>
    </message>
    <message>
        <location filename="../../ui/screens/consent.py" line="84" />
        <source>The camera takes pictures of your face and compares them with the photo registered for your NIK at the civil registry (Dukcapil).</source>
        <translation>Kamera mengambil gambar wajah Anda lalu mencocokkannya dengan foto yang terdaftar untuk NIK Anda di Dukcapil.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/consent.py" line="88" />
        <source>Why</source>
        <translation>Untuk apa</translation>
    </message>
    <message>
        <location filename="../../ui/screens/consent.py" line="88" />
        <source>So that nobody else can apply in your name.</source>
        <translation>Agar tidak ada orang lain yang mengajukan permohonan atas nama Anda.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/consent.py" line="90" />
        <source>How long it is kept</source>
        <translation>Berapa lama disimpan</translation>
    </message>
    <message>
        <location filename="../../ui/screens/consent.py" line="92" />
        <source>The pictures of your face are erased right after the check. If the server cannot be reached, they stay locked (encrypted) on this kiosk only until the check is done. Your application data is sent to the office and erased from this kiosk when you finish.</source>
        <translation>Gambar wajah Anda langsung dihapus setelah pemeriksaan. Jika server tidak dapat dihubungi, gambar disimpan terkunci (terenkripsi) di kiosk ini hanya sampai pemeriksaan selesai. Data permohonan Anda dikirim ke kantor layanan dan dihapus dari kiosk ini setelah Anda selesai.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/consent.py" line="99" />
        <source>Your choice</source>
        <translation>Pilihan Anda</translation>
    </message>
    <message>
        <location filename="../../ui/screens/consent.py" line="101" />
        <source>Sharing your face is your choice (Law 27/2022 on Personal Data Protection). If you do not agree, staff at the counter will serve you without a face scan.</source>
        <translation>Anda bebas memilih untuk memberikan data wajah (UU 27/2022 tentang Pelindungan Data Pribadi). Jika Anda tidak setuju, petugas di loket akan melayani Anda tanpa pemindaian wajah.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/consent.py" line="110" />
        <source>I agree</source>
        <translation>Saya setuju</translation>
    </message>
    <message>
        <location filename="../../ui/screens/consent.py" line="111" />
        <source>I do not agree</source>
        <translation>Saya tidak setuju</translation>
    </message>
</context>
<context>
    <name>EndedScreen</name>
    <message>
        <location filename="../../ui/screens/ended.py" line="33" />
        <source>See you again</source>
        <translation>Sampai jumpa</translation>
    </message>
    <message>
        <location filename="../../ui/screens/ended.py" line="36" />
        <source>You can also be served at the service counter. This screen returns to the start by itself.</source>
        <translation>Anda juga dapat dilayani di loket pelayanan. Layar ini akan kembali ke awal dengan sendirinya.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/ended.py" line="40" />
        <source>Back to start</source>
        <translation>Kembali ke awal</translation>
    </message>
</context>
<context>
    <name>FaceFailedScreen</name>
    <message>
        <location filename="../../ui/screens/failures.py" line="79" />
        <source>We could not check your face yet</source>
        <translation>Wajah Anda belum dapat diperiksa</translation>
    </message>
    <message>
        <location filename="../../ui/screens/failures.py" line="82" />
        <source>Stand about an arm's length from the screen, look straight at the camera, and take off a hat, mask or dark glasses.</source>
        <translation>Berdirilah sekitar satu lengan dari layar, lihat lurus ke kamera, dan lepaskan topi, masker, atau kacamata gelap.</translation>
    </message>
</context>
<context>
    <name>Footer</name>
    <message>
        <location filename="../../ui/window.py" line="119" />
        <source>Your data is erased from this kiosk when you finish.</source>
        <translation>Data Anda dihapus dari kiosk ini setelah Anda selesai.</translation>
    </message>
</context>
<context>
    <name>InactivityOverlay</name>
    <message>
        <location filename="../../ui/widgets/overlay.py" line="53" />
        <source>Are you still there?</source>
        <translation>Apakah Anda masih di sana?</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overlay.py" line="56" />
        <source>For your privacy, everything you entered will be erased when the time runs out.</source>
        <translation>Demi privasi Anda, semua yang sudah Anda masukkan akan dihapus jika waktu habis.</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/overlay.py" line="59" />
        <source>Yes, I am still here</source>
        <translation>Ya, saya masih di sini</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/widgets/overlay.py" line="64" />
        <source>Time left: %n s</source>
        <translation><numerusform>Sisa waktu: %n detik</numerusform></translation>
    </message>
</context>
<context>
    <name>Keypad</name>
    <message>
        <location filename="../../ui/widgets/keypad.py" line="60" />
        <source>Clear</source>
        <translation>Hapus semua</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/keypad.py" line="61" />
        <source>⌫ Delete</source>
        <translation>⌫ Hapus</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/keypad.py" line="62" />
        <source>Delete last digit</source>
        <translation>Hapus angka terakhir</translation>
    </message>
    <message>
        <location filename="../../ui/widgets/keypad.py" line="64" />
        <source>Next</source>
        <translation>Lanjut</translation>
    </message>
</context>
<context>
    <name>LanguageScreen</name>
    <message>
        <location filename="../../ui/screens/language.py" line="34" />
        <source>You can change the language at any time with ID / EN at the top.</source>
        <translation>Anda dapat mengganti bahasa kapan saja dengan tombol ID / EN di bagian atas.</translation>
    </message>
</context>
<context>
    <name>MissingScreen</name>
    <message>
        <location filename="../../ui/window.py" line="51" />
        <source>This step is not available on this kiosk. Please ask staff.</source>
        <translation>Langkah ini tidak tersedia di kiosk ini. Silakan minta bantuan petugas.</translation>
    </message>
</context>
<context>
    <name>NikScreen</name>
    <message>
        <location filename="../../ui/screens/nik.py" line="80" />
        <source>Enter your NIK</source>
        <translation>Masukkan NIK Anda</translation>
    </message>
    <message>
        <location filename="../../ui/screens/nik.py" line="81" />
        <source>The 16-digit number on your KTP (identity card) or family card.</source>
        <translation>Nomor 16 angka yang tertera di KTP atau Kartu Keluarga Anda.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/nik.py" line="82" />
        <source>Next</source>
        <translation>Lanjut</translation>
    </message>
    <message numerus="yes">
        <location filename="../../ui/screens/nik.py" line="114" />
        <source>Digits still to type: %n</source>
        <translation><numerusform>Kurang %n angka lagi</numerusform></translation>
    </message>
    <message>
        <location filename="../../ui/screens/nik.py" line="142" />
        <source>Region: %1, %2</source>
        <translation>Wilayah: %1, %2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/nik.py" line="135" />
        <source>Province: %1</source>
        <translation>Provinsi: %1</translation>
    </message>
    <message>
        <location filename="../../ui/screens/nik.py" line="143" />
        <source>Date of birth: %1</source>
        <translation>Tanggal lahir: %1</translation>
    </message>
</context>
<context>
    <name>NoMatchScreen</name>
    <message>
        <location filename="../../ui/screens/failures.py" line="115" />
        <source>Your face did not match</source>
        <translation>Wajah Anda tidak cocok</translation>
    </message>
    <message>
        <location filename="../../ui/screens/failures.py" line="117" />
        <source>Check that the NIK is yours and typed correctly, then try again.</source>
        <translation>Pastikan NIK itu milik Anda dan diketik dengan benar, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/failures.py" line="119" />
        <source>Check my NIK</source>
        <translation>Periksa NIK saya</translation>
    </message>
</context>
<context>
    <name>Screen</name>
    <message>
        <location filename="../../ui/screens/base.py" line="164" />
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
    <message>
        <location filename="../../ui/screens/base.py" line="166" />
        <source>Cancel</source>
        <translation>Batal</translation>
    </message>
</context>
<context>
    <name>StaffHelpScreen</name>
    <message>
        <location filename="../../ui/screens/staff_help.py" line="46" />
        <source>A staff member will help you</source>
        <translation>Petugas akan membantu Anda</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff_help.py" line="49" />
        <source>Bring your KTP or family card.</source>
        <translation>Bawa KTP atau Kartu Keluarga Anda.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff_help.py" line="53" />
        <source>Back to where I was</source>
        <translation>Kembali ke langkah tadi</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff_help.py" line="54" />
        <source>Finish and erase my data</source>
        <translation>Selesai dan hapus data saya</translation>
    </message>
    <message>
        <location filename="../../ui/screens/staff_help.py" line="65" />
        <source>Staff: verify with the KTP-el</source>
        <translation>Petugas: verifikasi dengan KTP-el</translation>
    </message>
    <message>
        <source>Step: %1</source>
        <translation>Langkah: %1</translation>
    </message>
    <message>
        <source>Reason: %1</source>
        <translation>Alasan: %1</translation>
    </message>
    <message>
        <source>NIK: %1</source>
        <translation>NIK: %1</translation>
    </message>
</context>
<context>
    <name>StepBar</name>
    <message>
        <location filename="../../ui/window.py" line="0" />
        <source>Step {0} of {1}</source>
        <translation>Langkah {0} dari {1}</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="0" />
        <source>Your NIK</source>
        <translation>NIK Anda</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="0" />
        <source>Consent</source>
        <translation>Persetujuan</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="0" />
        <source>Face check</source>
        <translation>Pemeriksaan wajah</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="0" />
        <source>Service</source>
        <translation>Layanan</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="0" />
        <source>Form</source>
        <translation>Formulir</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="0" />
        <source>Documents</source>
        <translation>Dokumen</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="0" />
        <source>Check and send</source>
        <translation>Periksa dan kirim</translation>
    </message>
</context>
<context>
    <name>TopBar</name>
    <message>
        <location filename="../../ui/window.py" line="85" />
        <source>MPP self-service kiosk</source>
        <translation>Anjungan Mandiri MPP</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="86" />
        <source>Help</source>
        <translation>Bantuan</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="87" />
        <source>Contrast</source>
        <translation>Kontras</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="88" />
        <source>Show the kiosk in Bahasa Indonesia</source>
        <translation>Tampilkan kiosk dalam Bahasa Indonesia</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="89" />
        <source>Show the kiosk in English</source>
        <translation>Tampilkan kiosk dalam bahasa Inggris</translation>
    </message>
    <message>
        <location filename="../../ui/window.py" line="90" />
        <source>Large text</source>
        <translation>Huruf besar</translation>
    </message>
</context>
<context>
    <name>WaitScreen</name>
    <message>
        <location filename="../../ui/screens/failures.py" line="157" />
        <source>Sending your application…</source>
        <translation>Mengirim permohonan Anda…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/failures.py" line="159" />
        <source>Checking your face…</source>
        <translation>Memeriksa wajah Anda…</translation>
    </message>
    <message>
        <location filename="../../ui/screens/failures.py" line="160" />
        <source>Please wait a moment. This usually takes a few seconds.</source>
        <translation>Mohon tunggu sebentar. Biasanya hanya beberapa detik.</translation>
    </message>
</context>
<context>
    <name>WelcomeScreen</name>
    <message>
        <location filename="../../ui/screens/welcome.py" line="46" />
        <source>Welcome to the MPP self-service kiosk</source>
        <translation>Selamat datang di Anjungan Mandiri MPP</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="47" />
        <source>Apply for population documents and health-worker licences here.</source>
        <translation>Ajukan dokumen kependudukan dan izin praktik tenaga kesehatan di sini.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="48" />
        <source>Touch to start</source>
        <translation>Sentuh untuk mulai</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="49" />
        <source>Language / Bahasa</source>
        <translation>Bahasa / Language</translation>
    </message>
    <message>
        <location filename="../../ui/screens/welcome.py" line="50" />
        <source>Check application status</source>
        <translation>Cek status permohonan</translation>
    </message>
</context>
<context>
    <name>_RetryScreen</name>
    <message>
        <location filename="../../ui/screens/failures.py" line="52" />
        <source>Try again</source>
        <translation>Coba lagi</translation>
    </message>
    <message>
        <location filename="../../ui/screens/failures.py" line="53" />
        <source>Ask staff for help</source>
        <translation>Minta bantuan petugas</translation>
    </message>
    <message>
        <location filename="../../ui/screens/failures.py" line="67" />
        <source>Tries left: %n</source>
        <translation>Sisa %n kali percobaan</translation>
    </message>
</context>
</TS>