"""Word lists for the synthetic demo population (Indonesian-looking, invented combinations)."""

MALE = (
    "Agus Ahmad Andi Arif Bambang Budi Dedi Dimas Eko Fajar Farhan Gilang Hadi Hendra Ilham "
    "Imam Joko Kurniawan Lukman Made Muhammad Nyoman Putu Rahmat Rizky Rudi Slamet Surya Taufik "
    "Teguh Wahyu Wayan Yusuf Zulkifli Bayu Galih Reza Yoga Aditya Fikri"
).split()
FEMALE = (
    "Ani Ayu Dewi Dian Eka Endang Fitri Indah Intan Kartika Lestari Maya Nur Nurul Putri Rahma "
    "Ratna Rina Sari Siti Sri Tari Utami Wulan Yanti Yuni Anisa Aulia Citra Desi Lia Mega Nadia "
    "Novi Rani Salsabila Tika Vina Winda Zahra"
).split()
SECOND = (
    "Pratama Saputra Wijaya Santoso Hidayat Setiawan Nugroho Kusuma Siregar Nasution Harahap "
    "Lubis Simanjuntak Hutapea Sinaga Tanjung Wibowo Purnomo Susanto Gunawan Halim Permana "
    "Ramadhan Rahayu Anggraini Wulandari Safitri Maharani Hasibuan Manurung Pohan Daulay "
    "Syahputra Firmansyah Hakim Utomo Prasetyo Suryadi Mahendra Saragih"
).split()
STREETS = (
    "Merdeka Sudirman Thamrin Diponegoro Gajah Mada Pahlawan Veteran Kartini Ahmad Yani "
    "Imam Bonjol Pemuda Cendana Melati Mawar Flamboyan Kenanga Anggrek Cempaka Teratai "
    "Rajawali Garuda Kutilang Merpati Nusantara Pancasila Proklamasi"
).split()
VILLAGES = (
    "Sukamaju Sukajadi Mekarsari Sumbersari Karangrejo Tegalsari Sidomulyo Margahayu "
    "Cibeureum Bojongsari Kedungwaru Tanjungsari Mulyoharjo Sindangsari Jatimulya Pasirjaya "
    "Sukamulya Wonorejo Purwodadi Tirtomoyo"
).split()
DISTRICTS = (
    "Kota Baru|Tengah|Utara|Selatan|Timur|Barat|Sukamaju|Mekar Jaya|Sumber Agung|Karang Anyar|"
    "Tanjung Harapan|Sidorejo|Pasar Minggu|Bukit Indah|Cempaka Putih"
).split("|")
RELIGIONS = ("Islam", "Islam", "Islam", "Islam", "Islam", "Kristen", "Katolik", "Hindu", "Buddha")
OCCUPATIONS = (
    "Karyawan Swasta",
    "Wiraswasta",
    "Petani/Pekebun",
    "Pedagang",
    "Pegawai Negeri Sipil",
    "Guru",
    "Buruh Harian Lepas",
    "Nelayan/Perikanan",
    "Sopir",
    "Mengurus Rumah Tangga",
)

# The 31 health professions of MPP Digital's SIP services: (code, Indonesian name).
PROFESSIONS = (
    ("dokter", "Dokter"),
    ("dokter_spesialis", "Dokter Spesialis"),
    ("dokter_gigi", "Dokter Gigi"),
    ("dokter_gigi_spesialis", "Dokter Gigi Spesialis"),
    ("psikolog_klinis", "Psikolog Klinis"),
    ("perawat", "Perawat"),
    ("bidan", "Bidan"),
    ("apoteker", "Apoteker"),
    ("tenaga_teknis_kefarmasian", "Tenaga Teknis Kefarmasian"),
    ("epidemiolog_kesehatan", "Epidemiolog Kesehatan"),
    ("tenaga_promosi_kesehatan", "Tenaga Promosi Kesehatan dan Ilmu Perilaku"),
    ("tenaga_administrasi_kebijakan", "Tenaga Administrasi dan Kebijakan Kesehatan"),
    ("tenaga_sanitasi_lingkungan", "Tenaga Sanitasi Lingkungan"),
    ("entomolog_kesehatan", "Entomolog Kesehatan"),
    ("mikrobiolog_kesehatan", "Mikrobiolog Kesehatan"),
    ("nutrisionis", "Nutrisionis"),
    ("dietisien", "Dietisien"),
    ("fisioterapis", "Fisioterapis"),
    ("okupasi_terapis", "Okupasi Terapis"),
    ("terapis_wicara", "Terapis Wicara"),
    ("akupunktur_terapis", "Akupunktur Terapis"),
    ("radiografer", "Radiografer"),
    ("elektromedis", "Elektromedis"),
    ("ahli_teknologi_laboratorium_medik", "Ahli Teknologi Laboratorium Medik"),
    ("fisikawan_medik", "Fisikawan Medik"),
    ("refraksionis_optisien", "Refraksionis Optisien"),
    ("perekam_medis", "Perekam Medis dan Informasi Kesehatan"),
    ("penata_anestesi", "Penata Anestesi"),
    ("terapis_gigi_mulut", "Terapis Gigi dan Mulut"),
    ("ortotis_prostetis", "Ortotis Prostetis"),
    ("tenaga_kesehatan_tradisional", "Tenaga Kesehatan Tradisional"),
)
assert len(PROFESSIONS) == 31
