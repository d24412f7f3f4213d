<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="id_ID">
<context>
    <name>CameraPage</name>
    <message>
        <location filename="../../ui/setup/camera_page.py" line="48" />
        <source>Choose the camera</source>
        <translation>Pilih kamera</translation>
    </message>
    <message>
        <location filename="../../ui/setup/camera_page.py" line="72" />
        <source>Touch the camera the kiosk should use and check the picture.</source>
        <translation>Sentuh kamera yang dipakai kios dan periksa gambarnya.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/camera_page.py" line="139" />
        <source>This camera gives no picture. Check its cable or choose another one.</source>
        <translation>Kamera ini tidak memberi gambar. Periksa kabelnya atau pilih kamera lain.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/camera_page.py" line="143" />
        <source>Measuring the frame rate…</source>
        <translation>Mengukur kecepatan gambar…</translation>
    </message>
    <message>
        <location filename="../../ui/setup/camera_page.py" line="147" />
        <source>%1 frames per second: too slow for the face check. Use a USB port of its own, more light, or another camera.</source>
        <translation>%1 gambar per detik: terlalu lambat untuk pemeriksaan wajah. Pakai port USB tersendiri, tambah cahaya, atau pakai kamera lain.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/camera_page.py" line="154" />
        <source>%1 frames per second: good.</source>
        <translation>%1 gambar per detik: baik.</translation>
    </message>
</context>
<context>
    <name>EnrollPage</name>
    <message>
        <location filename="../../ui/setup/enroll_page.py" line="108" />
        <source>Enroll this kiosk</source>
        <translation>Daftarkan kios ini</translation>
    </message>
    <message>
        <location filename="../../ui/setup/enroll_page.py" line="124" />
        <source>Scan the enrollment QR code</source>
        <translation>Pindai kode QR pendaftaran</translation>
    </message>
    <message>
        <location filename="../../ui/setup/enroll_page.py" line="127" />
        <source>Hold the QR code printed by the server's enroll-code command in front of the camera.</source>
        <translation>Hadapkan kode QR dari perintah enroll-code server ke kamera.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/enroll_page.py" line="131" />
        <source>Or type what the server printed</source>
        <translation>Atau ketik yang dicetak server</translation>
    </message>
    <message>
        <location filename="../../ui/setup/enroll_page.py" line="132" />
        <source>Server address</source>
        <translation>Alamat server</translation>
    </message>
    <message>
        <location filename="../../ui/setup/enroll_page.py" line="133" />
        <source>Enrollment code (12 letters and digits)</source>
        <translation>Kode pendaftaran (12 huruf dan angka)</translation>
    </message>
    <message>
        <location filename="../../ui/setup/enroll_page.py" line="134" />
        <source>Server key id</source>
        <translation>ID kunci server</translation>
    </message>
    <message>
        <location filename="../../ui/setup/enroll_page.py" line="138" />
        <source>Enroll</source>
        <translation>Daftarkan</translation>
    </message>
    <message>
        <location filename="../../ui/setup/enroll_page.py" line="191" />
        <source>The camera gives no picture: type the values instead, or choose the camera in the next step and come back.</source>
        <translation>Kamera tidak memberi gambar: ketik datanya, atau pilih kamera pada langkah berikutnya lalu kembali ke sini.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/enroll_page.py" line="204" />
        <source>This QR code is not an enrollment code. Show the QR code the server's enroll-code command printed.</source>
        <translation>Kode QR ini bukan kode pendaftaran. Tunjukkan kode QR dari perintah enroll-code server.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/enroll_page.py" line="220" />
        <source>Type the server address, e.g. https://mpp.example.go.id.</source>
        <translation>Ketik alamat server, misalnya https://mpp.example.go.id.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/enroll_page.py" line="223" />
        <source>The enrollment code is 12 letters and digits, e.g. ABCD-EFGH-JKMN. Check it and type it again.</source>
        <translation>Kode pendaftaran terdiri dari 12 huruf dan angka, misalnya ABCD-EFGH-JKMN. Periksa lalu ketik lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/enroll_page.py" line="227" />
        <source>Type the server key id; it starts with server-.</source>
        <translation>Ketik ID kunci server; awalnya server-.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/enroll_page.py" line="242" />
        <source>Enrolling with the server…</source>
        <translation>Mendaftar ke server…</translation>
    </message>
    <message>
        <location filename="../../ui/setup/enroll_page.py" line="275" />
        <source>Enrolled: %1 (kiosk %2).</source>
        <translation>Terdaftar: %1 (kios %2).</translation>
    </message>
</context>
<context>
    <name>PreferencesPage</name>
    <message>
        <location filename="../../ui/setup/pages.py" line="181" />
        <source>Screen, language and mode</source>
        <translation>Layar, bahasa, dan mode</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="200" />
        <source>Screen orientation</source>
        <translation>Arah layar</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="201" />
        <source>Language citizens see first</source>
        <translation>Bahasa pertama untuk warga</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="202" />
        <source>How the kiosk is used</source>
        <translation>Cara kios dipakai</translation>
    </message>
</context>
<context>
    <name>PrinterPage</name>
    <message>
        <location filename="../../ui/setup/pages.py" line="66" />
        <source>Choose the receipt printer</source>
        <translation>Pilih printer tanda terima</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="87" />
        <source>Touch the kind of printer, then print a test receipt.</source>
        <translation>Sentuh jenis printer, lalu cetak tanda terima uji.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="89" />
        <source>Printer address</source>
        <translation>Alamat printer</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="90" />
        <source>Print a test receipt</source>
        <translation>Cetak tanda terima uji</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="111" />
        <source>For example: %1</source>
        <translation>Contoh: %1</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="116" />
        <source>No receipts are printed: citizens see their receipt on the screen only.</source>
        <translation>Tanda terima tidak dicetak: warga hanya melihatnya di layar.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="124" />
        <source>Type the printer's address first.</source>
        <translation>Ketik dulu alamat printer.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="130" />
        <source>Printing a test receipt…</source>
        <translation>Mencetak tanda terima uji…</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="143" />
        <source>The test receipt was sent to the printer. Check that it came out complete and readable.</source>
        <translation>Tanda terima uji sudah dikirim ke printer. Periksa apakah keluar lengkap dan terbaca.</translation>
    </message>
</context>
<context>
    <name>SetupWizard</name>
    <message>
        <location filename="../../ui/setup/wizard.py" line="145" />
        <source>Save and start the kiosk</source>
        <translation>Simpan dan mulai kios</translation>
    </message>
    <message>
        <location filename="../../ui/setup/wizard.py" line="145" />
        <source>Next</source>
        <translation>Lanjut</translation>
    </message>
    <message>
        <location filename="../../ui/setup/wizard.py" line="160" />
        <source>Kiosk setup · step %1 of %2</source>
        <translation>Penyiapan kios · langkah %1 dari %2</translation>
    </message>
    <message>
        <location filename="../../ui/setup/wizard.py" line="167" />
        <source>Back</source>
        <translation>Kembali</translation>
    </message>
</context>
<context>
    <name>SetupWords</name>
    <message>
        <location filename="../../ui/setup/words.py" line="13" />
        <source>The server cannot be reached. Check the network cable or Wi-Fi and the server address, then try again.</source>
        <translation>Server tidak dapat dihubungi. Periksa kabel jaringan atau Wi-Fi dan alamat server, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="18" />
        <source>The server is busy. Wait a minute, then try again.</source>
        <translation>Server sedang sibuk. Tunggu sebentar, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="21" />
        <source>The server's certificate cannot be verified. Check the server address, or ask for the certificate of the server's authority (server.ca_bundle).</source>
        <translation>Sertifikat server tidak dapat diverifikasi. Periksa alamat server, atau minta sertifikat otoritas server (server.ca_bundle).</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="26" />
        <source>The server address must start with https:// (plain http:// only for a server on this kiosk).</source>
        <translation>Alamat server harus diawali https:// (http:// biasa hanya untuk server di kios ini).</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="31" />
        <source>The server does not know this enrollment code. Check the code you typed, or ask the MPP administrator for a new one.</source>
        <translation>Server tidak mengenal kode pendaftaran ini. Periksa kode yang Anda ketik, atau minta kode baru kepada administrator MPP.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="36" />
        <source>This enrollment code has already been used. Ask the MPP administrator for a new code.</source>
        <translation>Kode pendaftaran ini sudah pernah dipakai. Minta kode baru kepada administrator MPP.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="40" />
        <source>This enrollment code has expired. Ask the MPP administrator for a new code.</source>
        <translation>Kode pendaftaran ini sudah kedaluwarsa. Minta kode baru kepada administrator MPP.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="44" />
        <source>The server's key does not match the key id. Check the key id (it is in the enrollment QR code) and that this is the right server.</source>
        <translation>Kunci server tidak cocok dengan ID kunci. Periksa ID kunci (ada di kode QR pendaftaran) dan pastikan ini server yang benar.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="49" />
        <source>The test receipt did not print. Check that the printer is on, has paper and that its address is right, then try again.</source>
        <translation>Tanda terima uji tidak tercetak. Periksa printer menyala, ada kertasnya, dan alamatnya benar, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="54" />
        <source>The settings could not be saved. Check the kiosk's configuration file and the free disk space, then try again.</source>
        <translation>Pengaturan tidak dapat disimpan. Periksa berkas konfigurasi kios dan ruang disk yang tersisa, lalu coba lagi.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="62" />
        <source>Setup failed. Try again; if it keeps failing, run kiosk doctor and call support.</source>
        <translation>Penyiapan gagal. Coba lagi; jika tetap gagal, jalankan kiosk doctor dan hubungi dukungan teknis.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="71" />
        <source>Camera %1</source>
        <translation>Kamera %1</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="72" />
        <source>Video file %1</source>
        <translation>Berkas video %1</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="77" />
        <source>No printer</source>
        <translation>Tanpa printer</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="78" />
        <source>USB</source>
        <translation>USB</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="79" />
        <source>Serial</source>
        <translation>Serial</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="80" />
        <source>Network</source>
        <translation>Jaringan</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="81" />
        <source>File</source>
        <translation>Berkas</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="82" />
        <source>PDF</source>
        <translation>PDF</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="92" />
        <source>a folder (empty: the kiosk's receipts folder)</source>
        <translation>sebuah folder (kosong: folder tanda terima kios)</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="101" />
        <source>Automatic</source>
        <translation>Otomatis</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="102" />
        <source>Portrait</source>
        <translation>Tegak</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="103" />
        <source>Landscape</source>
        <translation>Mendatar</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="113" />
        <source>Self-service</source>
        <translation>Layanan mandiri</translation>
    </message>
    <message>
        <location filename="../../ui/setup/words.py" line="114" />
        <source>Assisted by staff</source>
        <translation>Dibantu petugas</translation>
    </message>
</context>
<context>
    <name>SummaryPage</name>
    <message>
        <location filename="../../ui/setup/pages.py" line="241" />
        <source>Check and save</source>
        <translation>Periksa dan simpan</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="257" />
        <source>Check the settings, then save them and start the kiosk.</source>
        <translation>Periksa pengaturan, lalu simpan dan mulai kios.</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="259" />
        <source>Site</source>
        <translation>Lokasi</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="260" />
        <source>Kiosk</source>
        <translation>Kios</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="261" />
        <source>Server</source>
        <translation>Server</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="262" />
        <source>Camera</source>
        <translation>Kamera</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="263" />
        <source>Printer</source>
        <translation>Printer</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="264" />
        <source>Orientation</source>
        <translation>Arah layar</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="265" />
        <source>Mode</source>
        <translation>Mode</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="266" />
        <source>First language</source>
        <translation>Bahasa pertama</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="277" />
        <source>%1 fps</source>
        <translation>%1 gambar/detik</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="285" />
        <source>test receipt printed</source>
        <translation>tanda terima uji tercetak</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="287" />
        <source>test failed</source>
        <translation>uji gagal</translation>
    </message>
    <message>
        <location filename="../../ui/setup/pages.py" line="289" />
        <source>not tested</source>
        <translation>belum diuji</translation>
    </message>
</context>
</TS>