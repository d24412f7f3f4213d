<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="id_ID">
    <context>
        <name>DoctorWords</name>
        <message>
            <source>Software version</source>
            <translation>Versi perangkat lunak</translation>
        </message>
        <message>
            <source>Camera</source>
            <translation>Kamera</translation>
        </message>
        <message>
            <source>Face models</source>
            <translation>Model wajah</translation>
        </message>
        <message>
            <source>Server connection</source>
            <translation>Koneksi server</translation>
        </message>
        <message>
            <source>Clock</source>
            <translation>Jam</translation>
        </message>
        <message>
            <source>Kiosk enrollment</source>
            <translation>Pendaftaran kios</translation>
        </message>
        <message>
            <source>Free disk space</source>
            <translation>Ruang disk kosong</translation>
        </message>
        <message>
            <source>Database</source>
            <translation>Basis data</translation>
        </message>
        <message>
            <source>Audit log</source>
            <translation>Log audit</translation>
        </message>
        <message>
            <source>Receipt printer</source>
            <translation>Printer tanda terima</translation>
        </message>
        <message>
            <source>Application queue</source>
            <translation>Antrean permohonan</translation>
        </message>
        <message>
            <source>Last upload</source>
            <translation>Unggahan terakhir</translation>
        </message>
        <message>
            <source>Other check</source>
            <translation>Pemeriksaan lain</translation>
        </message>
        <message>
            <source>Passed</source>
            <translation>Baik</translation>
        </message>
        <message>
            <source>Needs attention</source>
            <translation>Perlu perhatian</translation>
        </message>
        <message>
            <source>Failed</source>
            <translation>Gagal</translation>
        </message>
        <message>
            <source>video file</source>
            <translation>berkas video</translation>
        </message>
        <message>
            <source>none</source>
            <translation>tidak ada</translation>
        </message>
        <message>
            <source>%1 h</source>
            <translation>%1 jam</translation>
        </message>
        <message>
            <source>Details are shown on the English screen (EN).</source>
            <translation>Rinciannya ada di layar bahasa Inggris (EN).</translation>
        </message>
        <message>
            <source>See the fix on the English screen (EN), or run `kiosk doctor`.</source>
            <translation>Lihat cara memperbaikinya di layar bahasa Inggris (EN), atau jalankan `kiosk doctor`.</translation>
        </message>
        <message>
            <source>mpp-kiosk %1</source>
            <translation>mpp-kiosk %1</translation>
        </message>
        <message>
            <source>the video file named by camera.device is not there</source>
            <translation>berkas video yang disebut camera.device tidak ada</translation>
        </message>
        <message>
            <source>camera %1 is not there (video devices found: %2)</source>
            <translation>kamera %1 tidak ada (perangkat video yang ditemukan: %2)</translation>
        </message>
        <message>
            <source>camera %1 gives no picture</source>
            <translation>kamera %1 tidak memberi gambar</translation>
        </message>
        <message>
            <source>camera %1 gives pictures (%2; speed not measured)</source>
            <translation>kamera %1 memberi gambar (%2; kecepatan tidak diukur)</translation>
        </message>
        <message>
            <source>camera %1: %2 at %3 frames per second</source>
            <translation>kamera %1: %2, %3 bingkai per detik</translation>
        </message>
        <message>
            <source>the face encoder gave a wrong result</source>
            <translation>pengenal wajah memberi hasil yang salah</translation>
        </message>
        <message>
            <source>the face models loaded in %1 s</source>
            <translation>model wajah dimuat dalam %1 detik</translation>
        </message>
        <message>
            <source>not checked (kiosk not enrolled)</source>
            <translation>tidak diperiksa (kios belum terdaftar)</translation>
        </message>
        <message>
            <source>not usable (%1)</source>
            <translation>tidak dapat dipakai (%1)</translation>
        </message>
        <message>
            <source>%1: TLS certificate not accepted</source>
            <translation>%1: sertifikat TLS tidak diterima</translation>
        </message>
        <message>
            <source>not checked</source>
            <translation>tidak diperiksa</translation>
        </message>
        <message>
            <source>%1 cannot be reached</source>
            <translation>%1 tidak dapat dihubungi</translation>
        </message>
        <message>
            <source>not checked (server unreachable)</source>
            <translation>tidak diperiksa (server tidak dapat dihubungi)</translation>
        </message>
        <message>
            <source>%1 answered in %2 ms</source>
            <translation>%1 menjawab dalam %2 ms</translation>
        </message>
        <message>
            <source>the kiosk's clock is %1 s off the server's</source>
            <translation>jam kios selisih %1 detik dari jam server</translation>
        </message>
        <message>
            <source>the server sent no time</source>
            <translation>server tidak mengirim waktu</translation>
        </message>
        <message>
            <source>the kiosk's clock is within %1 s of the server's</source>
            <translation>jam kios selisih paling banyak %1 detik dari jam server</translation>
        </message>
        <message>
            <source>enrolled as kiosk %1, accepted by the server</source>
            <translation>terdaftar sebagai kios %1, diterima server</translation>
        </message>
        <message>
            <source>the server revoked this kiosk's enrollment</source>
            <translation>server mencabut pendaftaran kios ini</translation>
        </message>
        <message>
            <source>not checked (clock)</source>
            <translation>tidak diperiksa (jam)</translation>
        </message>
        <message>
            <source>the server refused the kiosk (%1)</source>
            <translation>server menolak kios ini (%1)</translation>
        </message>
        <message>
            <source>%1 answered with a temporary error (%2)</source>
            <translation>%1 menjawab dengan galat sementara (%2)</translation>
        </message>
        <message>
            <source>not checked (server busy)</source>
            <translation>tidak diperiksa (server sibuk)</translation>
        </message>
        <message>
            <source>the server refused the request (%1)</source>
            <translation>server menolak permintaan (%1)</translation>
        </message>
        <message>
            <source>%1 MB free in the data folder</source>
            <translation>%1 MB kosong di folder data</translation>
        </message>
        <message>
            <source>%1 MB free in the data folder (below %2 MB)</source>
            <translation>%1 MB kosong di folder data (di bawah %2 MB)</translation>
        </message>
        <message>
            <source>the database cannot be opened</source>
            <translation>basis data tidak dapat dibuka</translation>
        </message>
        <message>
            <source>the database check found no damage</source>
            <translation>pemeriksaan basis data tidak menemukan kerusakan</translation>
        </message>
        <message>
            <source>the database check found damage</source>
            <translation>pemeriksaan basis data menemukan kerusakan</translation>
        </message>
        <message>
            <source>the audit chain is intact, %1 entries</source>
            <translation>rantai audit utuh, %1 entri</translation>
        </message>
        <message>
            <source>the audit chain is broken: %1 problem(s), at entry %2</source>
            <translation>rantai audit rusak: %1 masalah, pada entri %2</translation>
        </message>
        <message>
            <source>the printer configuration is wrong</source>
            <translation>pengaturan printer salah</translation>
        </message>
        <message>
            <source>printer %1, receipts waiting for reprint: %3</source>
            <translation>printer %1, tanda terima menunggu dicetak ulang: %3</translation>
        </message>
        <message>
            <source>%1 waiting (oldest %2), %3 rejected; sending paused (%4)</source>
            <translation>%1 menunggu (terlama %2), %3 ditolak; pengiriman dijeda (%4)</translation>
        </message>
        <message>
            <source>%1 waiting (oldest %2), %3 rejected</source>
            <translation>%1 menunggu (terlama %2), %3 ditolak</translation>
        </message>
        <message>
            <source>no application uploaded yet, %1 waiting</source>
            <translation>belum ada permohonan yang terunggah, %1 menunggu</translation>
        </message>
        <message>
            <source>no application uploaded yet (none submitted)</source>
            <translation>belum ada permohonan yang terunggah (belum ada yang diajukan)</translation>
        </message>
        <message>
            <source>last successful upload %1 h ago</source>
            <translation>unggahan terakhir yang berhasil %1 jam yang lalu</translation>
        </message>
        <message>
            <source>the check crashed (%1)</source>
            <translation>pemeriksaan ini gagal berjalan (%1)</translation>
        </message>
        <message>
            <source>Run `kiosk -v doctor` and send the output with `kiosk support-bundle`.</source>
            <translation>Jalankan `kiosk -v doctor` dan kirim hasilnya bersama `kiosk support-bundle`.</translation>
        </message>
        <message>
            <source>Free disk space on the kiosk (old files, logs) or fit a larger disk; the queue of applications needs room.</source>
            <translation>Kosongkan ruang disk kios (berkas lama, log) atau pasang disk yang lebih besar; antrean permohonan membutuhkan ruang.</translation>
        </message>
        <message>
            <source>Check the camera cable and that camera.device (see `kiosk config show`) names it; `kiosk camera test` lists the cameras found.</source>
            <translation>Periksa kabel kamera dan pastikan camera.device (lihat `kiosk config show`) menyebut kamera itu; `kiosk camera test` menampilkan kamera yang ditemukan.</translation>
        </message>
        <message>
            <source>The camera is slow: use a USB 2/3 port of its own, more light, or a lower camera.width/camera.height.</source>
            <translation>Kamera lambat: pakai port USB 2/3 tersendiri, tambah cahaya, atau kecilkan camera.width/camera.height.</translation>
        </message>
        <message>
            <source>The face models did not load: reinstall the kiosk software (`./kiosk.sh demo` sets it up) and check mediapipe and face_recognition_models are installed.</source>
            <translation>Model wajah tidak termuat: pasang ulang perangkat lunak kios (`./kiosk.sh demo` memasangnya) dan pastikan mediapipe dan face_recognition_models terpasang.</translation>
        </message>
        <message>
            <source>Fix the server check first.</source>
            <translation>Perbaiki dulu pemeriksaan server.</translation>
        </message>
        <message>
            <source>Check the network (cable, Wi-Fi, proxy) and that server.url in `kiosk config show` is the server's address; the kiosk keeps working offline and sends later.</source>
            <translation>Periksa jaringan (kabel, Wi-Fi, proxy) dan pastikan server.url di `kiosk config show` adalah alamat server; kios tetap bekerja tanpa jaringan dan mengirim nanti.</translation>
        </message>
        <message>
            <source>The server is busy or being updated; try again in a few minutes.</source>
            <translation>Server sedang sibuk atau diperbarui; coba lagi beberapa menit lagi.</translation>
        </message>
        <message>
            <source>This kiosk's enrollment was revoked by the server. Ask the MPP administrator for a new enrollment code and run `kiosk enroll` again.</source>
            <translation>Pendaftaran kios ini dicabut oleh server. Minta kode pendaftaran baru kepada administrator MPP lalu jalankan `kiosk enroll` lagi.</translation>
        </message>
        <message>
            <source>The server does not know this kiosk. Enroll it again with `kiosk enroll`.</source>
            <translation>Server tidak mengenal kios ini. Daftarkan lagi dengan `kiosk enroll`.</translation>
        </message>
        <message>
            <source>The kiosk's clock is too far from the server's. Set the correct date and time (enable NTP), then retry the queue.</source>
            <translation>Jam kios terlalu jauh dari jam server. Atur tanggal dan jam yang benar (aktifkan NTP), lalu coba kirim antreannya lagi.</translation>
        </message>
        <message>
            <source>This kiosk is not enrolled yet. Run the `kiosk enroll ...` line that `server admin enroll-code` prints.</source>
            <translation>Kios ini belum terdaftar. Jalankan baris `kiosk enroll ...` yang dicetak oleh `server admin enroll-code`.</translation>
        </message>
        <message>
            <source>An answer was signed by a key other than the pinned server key. Check that the kiosk talks to the right server (no interception); if the server's keys really changed, enroll again with --new-server.</source>
            <translation>Sebuah jawaban ditandatangani dengan kunci selain kunci server yang disematkan. Pastikan kios terhubung ke server yang benar (tanpa penyadapan); jika kunci server memang berganti, daftarkan lagi dengan --new-server.</translation>
        </message>
        <message>
            <source>The server's TLS certificate could not be verified. Check server.url and server.ca_bundle.</source>
            <translation>Sertifikat TLS server tidak dapat diverifikasi. Periksa server.url dan server.ca_bundle.</translation>
        </message>
        <message>
            <source>Set server.url to the server's https:// address (TLS terminated by the server or its reverse proxy); plain http:// is only for a server on this machine.</source>
            <translation>Atur server.url ke alamat https:// server (TLS diakhiri oleh server atau reverse proxy-nya); http:// biasa hanya untuk server di mesin ini.</translation>
        </message>
        <message>
            <source>The server refused the kiosk's requests; check the kiosk's enrollment and configuration.</source>
            <translation>Server menolak permintaan kios; periksa pendaftaran dan pengaturan kios.</translation>
        </message>
        <message>
            <source>Start the newer kiosk version again or install it (`kiosk update status` lists the builds on this kiosk); the database was left untouched: do not delete it.</source>
            <translation>Jalankan lagi versi kios yang lebih baru atau pasang versi itu (`kiosk update status` menampilkan build yang ada di kios ini); basis data tidak diubah: jangan hapus.</translation>
        </message>
        <message>
            <source>Stop the kiosk and restore kiosk.sqlite3 from a backup, or call support with `kiosk support-bundle`; do not delete the database.</source>
            <translation>Hentikan kios dan pulihkan kiosk.sqlite3 dari cadangan, atau hubungi dukungan dengan `kiosk support-bundle`; jangan hapus basis datanya.</translation>
        </message>
        <message>
            <source>The audit log was edited, cut or inserted into: do not reset the kiosk; run `kiosk audit verify` and report it to the MPP administrator.</source>
            <translation>Log audit telah diubah, dipotong, atau disisipi: jangan setel ulang kios; jalankan `kiosk audit verify` dan laporkan ke administrator MPP.</translation>
        </message>
        <message>
            <source>Set printer.kind and printer.target in kiosk.toml, then `kiosk printer test`.</source>
            <translation>Atur printer.kind dan printer.target di kiosk.toml, lalu jalankan `kiosk printer test`.</translation>
        </message>
        <message>
            <source>No printer is configured: set printer.kind and printer.target if this kiosk has one.</source>
            <translation>Belum ada printer yang diatur: atur printer.kind dan printer.target jika kios ini punya printer.</translation>
        </message>
        <message>
            <source>Check paper and power, then print them with `kiosk printer reprint`.</source>
            <translation>Periksa kertas dan daya, lalu cetak dengan `kiosk printer reprint`.</translation>
        </message>
        <message>
            <source>Fix what `kiosk queue status` names (enrollment, clock), then `kiosk queue drain`.</source>
            <translation>Perbaiki yang disebut oleh `kiosk queue status` (pendaftaran, jam), lalu jalankan `kiosk queue drain`.</translation>
        </message>
        <message>
            <source>Applications wait too long: check the network, then run `kiosk queue drain`.</source>
            <translation>Permohonan menunggu terlalu lama: periksa jaringan, lalu jalankan `kiosk queue drain`.</translation>
        </message>
        <message>
            <source>See `kiosk queue status` for why the server rejected them; `kiosk queue retry ID`.</source>
            <translation>Lihat `kiosk queue status` untuk alasan server menolaknya; `kiosk queue retry ID`.</translation>
        </message>
        <message>
            <source>Check the network and the server address, then run `kiosk queue drain`.</source>
            <translation>Periksa jaringan dan alamat server, lalu jalankan `kiosk queue drain`.</translation>
        </message>
        <message>
            <source>Nothing was uploaded for a long time while applications wait: check the network.</source>
            <translation>Sudah lama tidak ada yang terunggah padahal ada permohonan yang menunggu: periksa jaringan.</translation>
        </message>
    </context>
    <context>
        <name>MaintenancePage</name>
        <message>
            <source>Maintenance</source>
            <translation>Pemeliharaan</translation>
        </message>
        <message>
            <source>Check again</source>
            <translation>Periksa lagi</translation>
        </message>
        <message>
            <source>Signed in: %1 (%2)</source>
            <translation>Masuk sebagai: %1 (%2)</translation>
        </message>
        <message>
            <source>Version: %1</source>
            <translation>Versi: %1</translation>
        </message>
        <message>
            <source>Site: %1</source>
            <translation>Lokasi: %1</translation>
        </message>
        <message>
            <source>not set</source>
            <translation>belum diatur</translation>
        </message>
        <message>
            <source>Kiosk: %1</source>
            <translation>Kios: %1</translation>
        </message>
        <message>
            <source>not enrolled</source>
            <translation>belum terdaftar</translation>
        </message>
        <message>
            <source>The checks are not available here.</source>
            <translation>Pemeriksaan tidak tersedia di sini.</translation>
        </message>
        <message>
            <source>Checking the kiosk… (the camera and the server take a few seconds)</source>
            <translation>Memeriksa kios… (kamera dan server butuh beberapa detik)</translation>
        </message>
        <message>
            <source>The checks could not run. Run `kiosk doctor` in a terminal.</source>
            <translation>Pemeriksaan tidak dapat berjalan. Jalankan `kiosk doctor` di terminal.</translation>
        </message>
        <message>
            <source>All checks passed.</source>
            <translation>Semua pemeriksaan baik.</translation>
        </message>
        <message numerus="yes">
            <source>Failed checks: %n. Fix them first.</source>
            <translation>
                <numerusform>Pemeriksaan gagal: %n. Perbaiki dulu.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <source>Checks needing attention: %n</source>
            <translation>
                <numerusform>Pemeriksaan yang perlu perhatian: %n</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>CheckCard</name>
        <message>
            <source>What to do: %1</source>
            <translation>Yang perlu dilakukan: %1</translation>
        </message>
    </context>
    <context>
        <name>StaffOverlay</name>
        <message>
            <source>Staff console</source>
            <translation>Konsol petugas</translation>
        </message>
        <message>
            <source>Maintenance</source>
            <translation>Pemeliharaan</translation>
        </message>
    </context>
</TS>