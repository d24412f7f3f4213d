<?xml version='1.0' encoding='utf-8'?>
<TS version="2.1" language="id_ID">
<context>
    <name>FaceScreen</name>
    <message>
        <location filename="../../ui/screens/face.py" line="114" />
        <source>Look at the camera</source>
        <translation>Lihat ke kamera</translation>
    </message>
    <message>
        <location filename="../../ui/screens/face.py" line="115" />
        <source>Put your face inside the oval and follow the instructions.</source>
        <translation>Posisikan wajah Anda di dalam oval dan ikuti petunjuknya.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/face.py" line="126" />
        <source>Step %1 of %2</source>
        <translation>Langkah %1 dari %2</translation>
    </message>
    <message>
        <location filename="../../ui/screens/face.py" line="133" />
        <source>Look straight at the camera and keep still.</source>
        <translation>Lihat lurus ke kamera dan jangan bergerak.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/face.py" line="251" />
        <source>Done. Your face has been captured.</source>
        <translation>Selesai. Wajah Anda sudah direkam.</translation>
    </message>
</context>
<context>
    <name>ReceiptScreen</name>
    <message>
        <location filename="../../ui/screens/receipt.py" line="104" />
        <source>Your application has been sent</source>
        <translation>Permohonan Anda sudah terkirim</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="105" />
        <source>Take your receipt. Keep it to check the status later.</source>
        <translation>Ambil tanda terima Anda. Simpan untuk cek status nanti.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="106" />
        <source>Tracking code</source>
        <translation>Kode pelacakan</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="107" />
        <source>Scan this code with your phone to check the status.</source>
        <translation>Pindai kode ini dengan ponsel Anda untuk cek status.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="108" />
        <source>Print again</source>
        <translation>Cetak ulang</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="109" />
        <source>Finish</source>
        <translation>Selesai</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="115" />
        <source>Printing your receipt...</source>
        <translation>Tanda terima sedang dicetak...</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="116" />
        <source>Your receipt has been printed. Please take it.</source>
        <translation>Tanda terima sudah dicetak. Silakan ambil.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="119" />
        <source>The printer is not available right now. Your receipt is saved: the counter staff can print it for you. Please note or photograph the tracking code.</source>
        <translation>Printer sedang tidak dapat dipakai. Tanda terima Anda sudah disimpan; petugas loket dapat mencetakkannya untuk Anda. Silakan catat atau foto kode pelacakan.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/receipt.py" line="125" />
        <source>This kiosk has no printer. Please note or photograph the tracking code.</source>
        <translation>Kiosk ini tidak memiliki printer. Silakan catat atau foto kode pelacakan.</translation>
    </message>
</context>
<context>
    <name>StatusScreen</name>
    <message>
        <location filename="../../ui/screens/status.py" line="32" />
        <source>Still queued on this kiosk. It will be sent to the office as soon as the connection is back.</source>
        <translation>Masih antre di kiosk ini. Permohonan akan dikirim ke kantor begitu koneksi tersambung kembali.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/status.py" line="40" />
        <source>Received by the office, waiting to be processed.</source>
        <translation>Sudah diterima kantor, menunggu diproses.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/status.py" line="43" />
        <source>Being checked by an officer.</source>
        <translation>Sedang diperiksa petugas.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/status.py" line="45" />
        <location filename="../../ui/screens/status.py" line="48" />
        <source>Finished. You can collect the result.</source>
        <translation>Selesai. Hasilnya sudah dapat diambil.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/status.py" line="50" />
        <source>Not approved. Please visit a counter.</source>
        <translation>Tidak disetujui. Silakan datang ke loket.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/status.py" line="54" />
        <source>Verification failed: please visit a counter with your ID card (KTP-el).</source>
        <translation>Verifikasi gagal: silakan datang ke loket dengan membawa KTP-el.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/status.py" line="125" />
        <source>Check your application status</source>
        <translation>Cek status permohonan</translation>
    </message>
    <message>
        <location filename="../../ui/screens/status.py" line="127" />
        <source>Hold the QR code on your receipt up to the camera, or type the tracking code.</source>
        <translation>Tunjukkan kode QR pada tanda terima ke kamera, atau ketik kode pelacakan.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/status.py" line="129" />
        <location filename="../../ui/screens/status.py" line="223" />
        <source>Hold the receipt still, about a hand's width away.</source>
        <translation>Tahan tanda terima tanpa bergerak, kira-kira sejengkal dari kamera.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/status.py" line="130" />
        <location filename="../../ui/screens/status.py" line="169" />
        <source>Tracking code</source>
        <translation>Kode pelacakan</translation>
    </message>
    <message>
        <location filename="../../ui/screens/status.py" line="131" />
        <source>Check status</source>
        <translation>Cek status</translation>
    </message>
    <message>
        <location filename="../../ui/screens/status.py" line="146" />
        <source>Checking...</source>
        <translation>Sedang memeriksa...</translation>
    </message>
    <message>
        <location filename="../../ui/screens/status.py" line="178" />
        <source>Last update</source>
        <translation>Pembaruan terakhir</translation>
    </message>
    <message>
        <location filename="../../ui/screens/status.py" line="207" />
        <source>Type the tracking code from your receipt first.</source>
        <translation>Ketik dulu kode pelacakan dari tanda terima Anda.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/status.py" line="268" />
        <source>The camera is not available. Please type the code.</source>
        <translation>Kamera tidak dapat dipakai. Silakan ketik kodenya.</translation>
    </message>
</context>
<context>
    <name>SurveyScreen</name>
    <message>
        <location filename="../../ui/screens/survey.py" line="25" />
        <source>Did the requirements fit this service?</source>
        <translation>Apakah persyaratannya sesuai dengan layanan ini?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="27" />
        <location filename="../../ui/screens/survey.py" line="63" />
        <source>Not at all</source>
        <translation>Tidak sesuai</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="28" />
        <location filename="../../ui/screens/survey.py" line="64" />
        <source>Not quite</source>
        <translation>Kurang sesuai</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="29" />
        <location filename="../../ui/screens/survey.py" line="65" />
        <source>Yes</source>
        <translation>Sesuai</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="30" />
        <location filename="../../ui/screens/survey.py" line="66" />
        <source>Very well</source>
        <translation>Sangat sesuai</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="34" />
        <source>How easy were the steps of this service?</source>
        <translation>Seberapa mudah langkah-langkah layanan ini?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="36" />
        <source>Not easy</source>
        <translation>Tidak mudah</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="37" />
        <source>Not quite easy</source>
        <translation>Kurang mudah</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="38" />
        <source>Easy</source>
        <translation>Mudah</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="39" />
        <source>Very easy</source>
        <translation>Sangat mudah</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="43" />
        <source>How fast was the service?</source>
        <translation>Seberapa cepat layanannya?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="45" />
        <source>Not fast</source>
        <translation>Tidak cepat</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="46" />
        <source>Not quite fast</source>
        <translation>Kurang cepat</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="47" />
        <source>Fast</source>
        <translation>Cepat</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="48" />
        <source>Very fast</source>
        <translation>Sangat cepat</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="52" />
        <source>Was the cost of the service fair?</source>
        <translation>Apakah biaya layanan ini wajar?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="54" />
        <source>Very expensive</source>
        <translation>Sangat mahal</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="55" />
        <source>Rather expensive</source>
        <translation>Cukup mahal</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="56" />
        <source>Cheap</source>
        <translation>Murah</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="57" />
        <source>Free</source>
        <translation>Gratis</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="61" />
        <source>Does the result match what the service promises?</source>
        <translation>Apakah hasilnya sesuai dengan yang dijanjikan layanan ini?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="70" />
        <source>How competent were the staff who helped you?</source>
        <translation>Seberapa kompeten petugas yang membantu Anda?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="72" />
        <source>Not competent</source>
        <translation>Tidak kompeten</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="73" />
        <source>Not quite competent</source>
        <translation>Kurang kompeten</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="74" />
        <source>Competent</source>
        <translation>Kompeten</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="75" />
        <source>Very competent</source>
        <translation>Sangat kompeten</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="79" />
        <source>Were the staff polite and friendly?</source>
        <translation>Apakah petugasnya sopan dan ramah?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="81" />
        <source>Not polite</source>
        <translation>Tidak sopan dan ramah</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="82" />
        <source>Not quite polite</source>
        <translation>Kurang sopan dan ramah</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="83" />
        <source>Polite</source>
        <translation>Sopan dan ramah</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="84" />
        <source>Very polite</source>
        <translation>Sangat sopan dan ramah</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="88" />
        <source>How are complaints and suggestions handled here?</source>
        <translation>Bagaimana pengaduan dan saran ditangani di sini?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="90" />
        <source>There is none</source>
        <translation>Tidak ada</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="91" />
        <source>Exists but does not work</source>
        <translation>Ada, tetapi tidak berjalan</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="92" />
        <source>Works, could be better</source>
        <translation>Berjalan, tetapi kurang baik</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="93" />
        <source>Handled well</source>
        <translation>Ditangani dengan baik</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="97" />
        <source>How good are the facilities, such as this kiosk?</source>
        <translation>Bagaimana sarana dan prasarananya, misalnya kiosk ini?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="99" />
        <source>Poor</source>
        <translation>Buruk</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="100" />
        <source>Fair</source>
        <translation>Cukup</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="101" />
        <source>Good</source>
        <translation>Baik</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="102" />
        <source>Very good</source>
        <translation>Sangat baik</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="161" />
        <source>How was our service?</source>
        <translation>Bagaimana layanan kami?</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="164" />
        <source>Nine short questions. Your answers are anonymous: they are not linked to you or your application. You may skip any question.</source>
        <translation>Sembilan pertanyaan singkat. Jawaban Anda tanpa nama: tidak dikaitkan dengan Anda atau permohonan Anda. Anda boleh melewati pertanyaan mana pun.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="168" />
        <source>Previous question</source>
        <translation>Pertanyaan sebelumnya</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="169" />
        <source>Skip this question</source>
        <translation>Lewati pertanyaan ini</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="170" />
        <source>Skip the survey</source>
        <translation>Lewati survei</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="171" />
        <source>Complaints: SP4N-LAPOR! at lapor.go.id or by SMS to 1708.</source>
        <translation>Pengaduan: SP4N-LAPOR! di lapor.go.id atau SMS ke 1708.</translation>
    </message>
    <message>
        <location filename="../../ui/screens/survey.py" line="178" />
        <source>Question %1 of %2</source>
        <translation>Pertanyaan %1 dari %2</translation>
    </message>
</context>
</TS>