<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="id_ID">
    <context>
        <name>ConsolePage</name>
        <message>
            <location filename="../work/main/ui/staff/console.py" line="328" />
            <source>Staff console</source>
            <translation>Konsol petugas</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/console.py" line="329" />
            <source>Help requests</source>
            <translation>Permintaan bantuan</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/console.py" line="330" />
            <source>Queue and printer</source>
            <translation>Antrean dan printer</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/console.py" line="334" />
            <source>Signed in: %1 (%2)</source>
            <translation>Masuk sebagai: %1 (%2)</translation>
        </message>
    </context>
    <context>
        <name>HelpPanel</name>
        <message>
            <location filename="../work/main/ui/staff/help_panel.py" line="164" />
            <source>Open help requests at this site</source>
            <translation>Permintaan bantuan yang terbuka di lokasi ini</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/help_panel.py" line="251" />
            <source>The server cannot be reached: help requests cannot be shown. Check the network; the list comes back by itself.</source>
            <translation>Server tidak dapat dihubungi: permintaan bantuan tidak dapat ditampilkan. Periksa jaringan; daftar akan muncul lagi dengan sendirinya.</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/help_panel.py" line="258" />
            <source>The server did not accept this (%1). The list is up to date.</source>
            <translation>Server tidak menerima tindakan ini (%1). Daftar sudah diperbarui.</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/help_panel.py" line="264" />
            <source>Asking the server…</source>
            <translation>Menghubungi server…</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/help_panel.py" line="266" />
            <source>No citizen is waiting for help.</source>
            <translation>Tidak ada warga yang menunggu bantuan.</translation>
        </message>
        <message numerus="yes">
            <location filename="../work/main/ui/staff/help_panel.py" line="269" />
            <source>Citizens waiting for help: %n</source>
            <translation>
                <numerusform>Warga yang menunggu bantuan: %n</numerusform>
            </translation>
        </message>
        <message>
            <source>Hand-off code</source>
            <translation>Kode serah terima</translation>
        </message>
        <message>
            <source>Take over by code</source>
            <translation>Ambil alih dengan kode</translation>
        </message>
        <message>
            <source>Taking the session over: waiting for the citizen's kiosk…</source>
            <translation>Mengambil alih sesi: menunggu kios warga…</translation>
        </message>
        <message>
            <source>No waiting citizen has this hand-off code.</source>
            <translation>Tidak ada warga menunggu dengan kode serah terima ini.</translation>
        </message>
        <message>
            <source>Finish the session on this terminal first.</source>
            <translation>Selesaikan dulu sesi di terminal ini.</translation>
        </message>
        <message>
            <source>The citizen's kiosk did not send the session. Ask the citizen to wait at it and try again.</source>
            <translation>Kios warga tidak mengirim sesinya. Minta warga menunggu di kios itu, lalu coba lagi.</translation>
        </message>
        <message>
            <source>The session could not be opened on this terminal.</source>
            <translation>Sesi tidak dapat dibuka di terminal ini.</translation>
        </message>
        <message>
            <source>The server did not accept the takeover (%1).</source>
            <translation>Server tidak menerima pengambilalihan ini (%1).</translation>
        </message>
    </context>
    <context>
        <name>OverrideForm</name>
        <message>
            <location filename="../work/main/ui/staff/override.py" line="100" />
            <source>Verify the identity with the KTP-el</source>
            <translation>Verifikasi identitas dengan KTP-el</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/override.py" line="103" />
            <source>Why is the face check not used?</source>
            <translation>Mengapa pemeriksaan wajah tidak dipakai?</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/override.py" line="106" />
            <source>What did you check? (10 to 500 characters)</source>
            <translation>Apa yang Anda periksa? (10 sampai 500 karakter)</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/override.py" line="107" />
            <source>Cancel</source>
            <translation>Batal</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/override.py" line="108" />
            <source>Ask the supervisor to approve</source>
            <translation>Minta persetujuan supervisor</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/override.py" line="120" />
            <source>Counter staff: %1</source>
            <translation>Petugas loket: %1</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/override.py" line="124" />
            <source>I have checked the citizen's original KTP-el and their face matches.</source>
            <translation>Saya sudah memeriksa KTP-el asli warga dan wajahnya cocok.</translation>
        </message>
    </context>
    <context>
        <name>QueuePanel</name>
        <message>
            <location filename="../work/main/ui/staff/queue.py" line="141" />
            <source>%1 will be sent again.</source>
            <translation>%1 akan dikirim lagi.</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/queue.py" line="145" />
            <source>It cannot be sent again: %1</source>
            <translation>Tidak dapat dikirim lagi: %1</translation>
        </message>
        <message numerus="yes">
            <location filename="../work/main/ui/staff/queue.py" line="160" />
            <source>Printed: %n. The printer is still not available.</source>
            <translation>
                <numerusform>Tercetak: %n. Printer masih belum tersedia.</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../work/main/ui/staff/queue.py" line="163" />
            <source>Printed: %n</source>
            <translation>
                <numerusform>Tercetak: %n</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/queue.py" line="184" />
            <source>Applications on this kiosk</source>
            <translation>Permohonan di kiosk ini</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/queue.py" line="185" />
            <source>Rejected by the server</source>
            <translation>Ditolak server</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/queue.py" line="186" />
            <source>Receipt printer</source>
            <translation>Printer tanda terima</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/queue.py" line="187" />
            <source>Print the waiting receipts</source>
            <translation>Cetak tanda terima yang menunggu</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/queue.py" line="188" />
            <source>Refresh</source>
            <translation>Muat ulang</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/queue.py" line="190" />
            <source>The queue cannot be read on this kiosk.</source>
            <translation>Antrean tidak dapat dibaca di kiosk ini.</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/queue.py" line="205" />
            <source>Sending is paused: %1</source>
            <translation>Pengiriman dijeda: %1</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/queue.py" line="207" />
            <source>Last problem: %1</source>
            <translation>Masalah terakhir: %1</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/queue.py" line="233" />
            <source>Printer: %1</source>
            <translation>Printer: %1</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/queue.py" line="235" />
            <source>No printer is set up on this kiosk.</source>
            <translation>Tidak ada printer yang diatur di kiosk ini.</translation>
        </message>
        <message numerus="yes">
            <location filename="../work/main/ui/staff/queue.py" line="237" />
            <source>Receipts waiting for reprint: %n</source>
            <translation>
                <numerusform>Tanda terima yang menunggu dicetak ulang: %n</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>RejectedCard</name>
        <message>
            <location filename="../work/main/ui/staff/queue.py" line="50" />
            <source>The server's reason: %1</source>
            <translation>Alasan server: %1</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/queue.py" line="54" />
            <source>Send again</source>
            <translation>Kirim lagi</translation>
        </message>
    </context>
    <context>
        <name>RequestCard</name>
        <message>
            <location filename="../work/main/ui/staff/help_panel.py" line="106" />
            <source>On the way: %1</source>
            <translation>Menuju ke sana: %1</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/help_panel.py" line="108" />
            <source>Waiting for staff</source>
            <translation>Menunggu petugas</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/help_panel.py" line="111" />
            <source>%1 (this kiosk)</source>
            <translation>%1 (kiosk ini)</translation>
        </message>
        <message numerus="yes">
            <location filename="../work/main/ui/staff/help_panel.py" line="113" />
            <source>Asked %n min ago</source>
            <translation>
                <numerusform>Meminta %n menit lalu</numerusform>
            </translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/help_panel.py" line="113" />
            <source>Asked just now</source>
            <translation>Baru saja meminta</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/help_panel.py" line="115" />
            <source>Kiosk: %1</source>
            <translation>Kiosk: %1</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/help_panel.py" line="116" />
            <source>Step: %1</source>
            <translation>Langkah: %1</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/help_panel.py" line="117" />
            <source>Reason: %1</source>
            <translation>Alasan: %1</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/help_panel.py" line="121" />
            <source>I'm on my way</source>
            <translation>Saya ke sana</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/help_panel.py" line="122" />
            <source>Done</source>
            <translation>Selesai</translation>
        </message>
        <message>
            <source>Take over</source>
            <translation>Ambil alih</translation>
        </message>
    </context>
    <context>
        <name>SignInPage</name>
        <message>
            <location filename="../work/main/ui/staff/signin.py" line="106" />
            <source>Staff sign-in</source>
            <translation>Masuk petugas</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/signin.py" line="115" />
            <source>Choose another name</source>
            <translation>Pilih nama lain</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/signin.py" line="116" />
            <source>Cancel</source>
            <translation>Batal</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/signin.py" line="106" />
            <source>Sign in</source>
            <translation>Masuk</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/signin.py" line="103" />
            <source>Touch your name.</source>
            <translation>Sentuh nama Anda.</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/signin.py" line="105" />
            <source>%1, type your PIN.</source>
            <translation>%1, ketik PIN Anda.</translation>
        </message>
        <message numerus="yes">
            <location filename="../work/main/ui/staff/signin.py" line="203" />
            <source>Tries left before the account is locked: %n</source>
            <translation>
                <numerusform>Sisa percobaan sebelum akun dikunci: %n</numerusform>
            </translation>
        </message>
        <message numerus="yes">
            <location filename="../work/main/ui/staff/signin.py" line="208" />
            <source>Minutes left: %n</source>
            <translation>
                <numerusform>Sisa menit: %n</numerusform>
            </translation>
        </message>
    </context>
    <context>
        <name>StaffOverlay</name>
        <message>
            <location filename="../work/main/ui/staff/overlay.py" line="102" />
            <source>Counter staff</source>
            <translation>Petugas loket</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/overlay.py" line="103" />
            <source>Sign out</source>
            <translation>Keluar</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/overlay.py" line="104" />
            <source>Serve a citizen</source>
            <translation>Layani warga</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/overlay.py" line="105" />
            <source>Show the kiosk in Bahasa Indonesia</source>
            <translation>Tampilkan kiosk dalam Bahasa Indonesia</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/overlay.py" line="106" />
            <source>Show the kiosk in English</source>
            <translation>Tampilkan kiosk dalam bahasa Inggris</translation>
        </message>
    </context>
    <context>
        <name>StaffOverride</name>
        <message>
            <location filename="../work/main/ui/staff/override.py" line="202" />
            <source>Staff verification with the KTP-el</source>
            <translation>Verifikasi oleh petugas dengan KTP-el</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/override.py" line="213" />
            <source>Supervisor: touch your name.</source>
            <translation>Supervisor: sentuh nama Anda.</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/override.py" line="215" />
            <source>%1, type your PIN to approve.</source>
            <translation>%1, ketik PIN Anda untuk menyetujui.</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/override.py" line="216" />
            <source>Supervisor approval</source>
            <translation>Persetujuan supervisor</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/override.py" line="216" />
            <source>Approve</source>
            <translation>Setujui</translation>
        </message>
    </context>
    <context>
        <name>StaffWords</name>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="11" />
            <source>Counter staff</source>
            <translation>Petugas loket</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="12" />
            <source>Supervisor</source>
            <translation>Supervisor</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="13" />
            <source>Technician</source>
            <translation>Teknisi</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="21" />
            <source>Welcome</source>
            <translation>Layar sambutan</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="22" />
            <source>Language</source>
            <translation>Pilihan bahasa</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="23" />
            <source>Typing the NIK</source>
            <translation>Mengetik NIK</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="24" />
            <source>Consent</source>
            <translation>Persetujuan</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="25" />
            <source>Face check</source>
            <translation>Pemeriksaan wajah</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="26" />
            <source>Face check failed</source>
            <translation>Pemeriksaan wajah gagal</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="27" />
            <source>Identity check</source>
            <translation>Pemeriksaan identitas</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="28" />
            <source>Face does not match</source>
            <translation>Wajah tidak cocok</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="29" />
            <source>Choosing a service</source>
            <translation>Memilih layanan</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="30" />
            <source>Filling the form</source>
            <translation>Mengisi formulir</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="31" />
            <source>Scanning documents</source>
            <translation>Memindai dokumen</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="32" />
            <source>Review</source>
            <translation>Memeriksa ulang</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="33" />
            <location filename="../work/main/ui/staff/words.py" line="68" />
            <source>Sending</source>
            <translation>Sedang dikirim</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="34" />
            <source>Receipt</source>
            <translation>Tanda terima</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="35" />
            <source>Survey</source>
            <translation>Survei</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="36" />
            <location filename="../work/main/ui/staff/words.py" line="37" />
            <source>Application status</source>
            <translation>Status permohonan</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="38" />
            <source>Asked for help</source>
            <translation>Meminta bantuan</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="39" />
            <source>Finished</source>
            <translation>Selesai</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="47" />
            <source>The citizen pressed Help</source>
            <translation>Warga menekan Bantuan</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="48" />
            <source>No face seen by the camera</source>
            <translation>Kamera tidak melihat wajah</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="49" />
            <source>More than one face</source>
            <translation>Lebih dari satu wajah</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="50" />
            <source>Poor picture quality</source>
            <translation>Kualitas gambar buruk</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="51" />
            <source>Liveness check failed</source>
            <translation>Pemeriksaan keaktifan gagal</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="52" />
            <location filename="../work/main/ui/staff/words.py" line="84" />
            <source>Camera not working</source>
            <translation>Kamera tidak berfungsi</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="53" />
            <source>Face does not match the NIK</source>
            <translation>Wajah tidak cocok dengan NIK</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="54" />
            <source>NIK locked after failures</source>
            <translation>NIK terkunci setelah gagal berulang</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="55" />
            <source>Consent declined</source>
            <translation>Persetujuan ditolak</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="56" />
            <source>Application not sent</source>
            <translation>Permohonan tidak terkirim</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="57" />
            <source>Printer problem</source>
            <translation>Masalah printer</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="58" />
            <location filename="../work/main/ui/staff/words.py" line="88" />
            <source>Other</source>
            <translation>Lainnya</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="66" />
            <source>Sealed</source>
            <translation>Tersegel</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="67" />
            <source>Waiting to be sent</source>
            <translation>Menunggu dikirim</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="69" />
            <source>Accepted by the server</source>
            <translation>Diterima server</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="70" />
            <source>Rejected by the server</source>
            <translation>Ditolak server</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="78" />
            <source>The face check failed after the allowed tries</source>
            <translation>Pemeriksaan wajah gagal setelah batas percobaan</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="81" />
            <source>Cannot do the face check (disability, injury, age)</source>
            <translation>Tidak dapat diperiksa wajahnya (disabilitas, cedera, usia)</translation>
        </message>
        <message>
            <location filename="../work/main/ui/staff/words.py" line="85" />
            <source>No usable photo in the population register</source>
            <translation>Tidak ada foto yang dapat dipakai di data kependudukan</translation>
        </message>
    </context>
</TS>